using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>
/// An SMTP session could not go on: the transport failed (connection refused or lost, timeout, TLS failure),
/// the server refused a step that has no per-message result (greeting, EHLO, STARTTLS, AUTH), or the client
/// itself refused to send (message too big for SIZE, SMTPUTF8 or BINARYMIME not offered). Refusals of MAIL,
/// RCPT and DATA are results (<see cref="SmtpTransactionResult"/>), not exceptions.
/// </summary>
public sealed class SmtpClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for a person.</param>
    /// <param name="step">Where it failed.</param>
    /// <param name="reply">The server's reply, when one caused the failure.</param>
    /// <param name="isPermanent">Whether retrying cannot help; by default true exactly for 5xx replies.</param>
    /// <param name="enhancedCode">RFC 3463 status code; by default the reply's.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public SmtpClientException(string message, SmtpClientStep step, SmtpReply? reply = null, bool? isPermanent = null,
        string? enhancedCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Step = step;
        Reply = reply;
        IsPermanent = isPermanent ?? reply?.IsPermanentFailure ?? false;
        EnhancedCode = enhancedCode ?? reply?.EnhancedCode;
    }

    /// <summary>The step that failed.</summary>
    public SmtpClientStep Step { get; }

    /// <summary>The server's reply that caused the failure, or null for transport failures and client-side refusals.</summary>
    public SmtpReply? Reply { get; }

    /// <summary>True when trying again later cannot succeed (5xx, or a client-side refusal such as SIZE).</summary>
    public bool IsPermanent { get; }

    /// <summary>The RFC 3463 enhanced status code (from the reply, or the client's own for its refusals), or null.</summary>
    public string? EnhancedCode { get; }
}
