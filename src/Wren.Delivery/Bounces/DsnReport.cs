using Wren.Mail.Envelopes;

namespace Wren.Delivery.Bounces;

/// <summary>
/// One delivery status notification to build: the message it is about and what happened to some of its
/// recipients. The reporting MTA is the host name given to <see cref="DsnBuilder"/>.
/// </summary>
/// <param name="OriginalEnvelope">The envelope the message arrived with (sender, ENVID, RET, SMTPUTF8).</param>
/// <param name="ArrivalDate">When Wren accepted the message (RFC 3464 §2.2.5).</param>
/// <param name="Recipients">The recipients to report on; one per-recipient group each.</param>
public sealed record DsnReport(Envelope OriginalEnvelope, DateTimeOffset ArrivalDate, IReadOnlyList<DsnRecipient> Recipients);
