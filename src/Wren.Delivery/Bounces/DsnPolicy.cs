using Wren.Mail.Envelopes;

namespace Wren.Delivery.Bounces;

/// <summary>Whether a notification is owed at all: the sender's NOTIFY request and the no-loop rule.</summary>
public static class DsnPolicy
{
    /// <summary>
    /// RFC 3461 §4.1 and §6.2: whether the sender asked (explicitly or by default) to hear about
    /// <paramref name="action"/> for <paramref name="recipient"/>.
    /// </summary>
    public static bool ShouldNotify(EnvelopeRecipient recipient, DsnAction action)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        DsnNotify notify = recipient.Notify;
        // RFC 3461 §4.1: NEVER stands alone; should a client combine it anyway, the refusal wins.
        if (notify.HasFlag(DsnNotify.Never))
            return false;
        return action switch
        {
            // RFC 3461 §6.2: without NOTIFY, a failure is reported as if NOTIFY=FAILURE had been given.
            DsnAction.Failed => notify == DsnNotify.Unspecified || notify.HasFlag(DsnNotify.Failure),
            // RFC 3461 §4.1: without NOTIFY, delay notices are at the server's option; Wren sends them.
            DsnAction.Delayed => notify == DsnNotify.Unspecified || notify.HasFlag(DsnNotify.Delay),
            // RFC 3461 §6.2.2: delivered, relayed and expanded are successes, reported only on request.
            DsnAction.Delivered or DsnAction.Relayed or DsnAction.Expanded => notify.HasFlag(DsnNotify.Success),
            _ => false,
        };
    }

    /// <summary>
    /// RFC 3461 §6.2 and RFC 5321 §6.1: a notification goes to the reverse-path, and never to the null
    /// sender, so a bounce can never cause another bounce.
    /// </summary>
    public static bool CanBounceTo(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Sender is not null;
    }

    /// <summary>
    /// Applies both rules to a report: keeps only the recipients the sender wants to hear about, or returns
    /// null when no notification should be sent at all (null sender, or nobody left to report).
    /// </summary>
    public static DsnReport? Filter(DsnReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!CanBounceTo(report.OriginalEnvelope))
            return null;
        var wanted = report.Recipients.Where(r => ShouldNotify(r.Recipient, r.Action)).ToList();
        if (wanted.Count == 0)
            return null;
        return wanted.Count == report.Recipients.Count ? report : report with { Recipients = wanted };
    }
}
