namespace Wren.Delivery.Inbound;

/// <summary>Policy switches of the inbound handler; bound from the <c>Delivery</c> configuration section.</summary>
public sealed class MailHandlerOptions
{
    /// <summary>
    /// RFC 6409 §6.1: a submission server may check that the MAIL FROM address belongs to the authenticated
    /// user. On by default: a user sends as their own address, their plus-addresses, or an alias of theirs.
    /// </summary>
    public bool EnforceSenderOwnership { get; set; } = true;
}
