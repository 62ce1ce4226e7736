using Wren.Mail.Envelopes;

namespace Wren.Delivery.Bounces;

/// <summary>
/// What happened to one recipient: the per-recipient fields of RFC 3464 §2.3.
/// </summary>
/// <param name="Recipient">The envelope recipient as the message arrived (its NOTIFY and ORCPT included).</param>
/// <param name="Action">What Wren did (RFC 3464 §2.3.3).</param>
/// <param name="Status">The RFC 3463 status code, e.g. <c>5.1.1</c>; its class must agree with <paramref name="Action"/>.</param>
/// <param name="RemoteMta">Host name of the server that gave the answer, or null when no server was reached.</param>
/// <param name="DiagnosticCode">The remote server's reply as it was received, e.g. <c>550 5.1.1 no such user</c>; lines of a multi-line reply separated by line breaks.</param>
/// <param name="LastAttempt">When delivery was last attempted (RFC 3464 §2.3.7).</param>
/// <param name="WillRetryUntil">For a delay: when Wren gives up (RFC 3464 §2.3.9); ignored for the other actions.</param>
public sealed record DsnRecipient(
    EnvelopeRecipient Recipient,
    DsnAction Action,
    string Status,
    string? RemoteMta = null,
    string? DiagnosticCode = null,
    DateTimeOffset? LastAttempt = null,
    DateTimeOffset? WillRetryUntil = null);
