namespace Wren.Delivery.Inbound;

/// <summary>Policy switches of the inbound handler; bound from the <c>Policy</c> configuration section.</summary>
public sealed class MailHandlerOptions
{
    /// <summary>
    /// RFC 6409 §6.1: a submission server may check that the MAIL FROM address belongs to the authenticated
    /// user. On by default: a user sends as their own address, their plus-addresses, or an alias of theirs.
    /// </summary>
    public bool EnforceSenderOwnership { get; set; } = true;

    /// <summary>
    /// <c>Policy:SaveSubmittedToSent</c>: a copy of what an authenticated user submits is filed, marked
    /// \Seen, in their Sent mailbox, so every client shows it without uploading it again.
    /// </summary>
    public bool SaveSubmittedToSent { get; set; } = true;

    /// <summary>
    /// <c>Policy:MaxReceivedHeaders</c>: a message with more <c>Received:</c> fields than this (Wren's own
    /// included) is refused with 554 5.4.6 as a mail loop; RFC 5321 §6.3 asks for at least 100.
    /// </summary>
    public int MaxReceivedHeaders { get; set; } = 100;
}
