using Microsoft.Extensions.Logging;
using Wren.Delivery.Bounces;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Records what one delivery round of a queue entry came to. Deliveries are recorded as each destination
/// reports them (so a crash later cannot make Wren send them twice); failures and delays are recorded once
/// the round is over, together with the DSN that reports them, in one durable transaction — a recipient is
/// never marked failed without its bounce on disk.
/// </summary>
public sealed class DeliveryRound
{
    private readonly IQueueStore queue;
    private readonly BounceComposer bounces;
    private readonly RetrySchedule schedule;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the recorder.</summary>
    public DeliveryRound(IQueueStore queue, BounceComposer bounces, RetrySchedule schedule, TimeProvider time, ILogger logger)
    {
        this.queue = queue;
        this.bounces = bounces;
        this.schedule = schedule;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>
    /// Waits for every job of the round and records the outcome. Returns null when the round was cut short
    /// by shutdown (it is not counted: the entry stays due) or could not be recorded.
    /// </summary>
    public async Task<QueueUpdateResult?> CompleteAsync(QueueEntry entry, IReadOnlyList<DeliveryJob> jobs, CancellationToken stopping)
    {
        var results = new List<RecipientDeliveryResult>();
        QueueUpdateResult? removedByDelivery = null;
        await Task.WhenAll(jobs.Select(async job =>
        {
            var outcome = await job.Completion.Task.ConfigureAwait(false);
            // Recipients who asked for a success notice are recorded with it at the end of the round: their
            // notice needs the entry's content, which goes with the last pending recipient.
            var delivered = outcome.Where(r => r.Kind == DeliveryResultKind.Delivered && !WantsSuccessNotice(entry, r.Position))
                .Select(r => new RecipientOutcome(r.Position, QueueRecipientStatus.Delivered, r.Diagnostic, r.RemoteMta))
                .ToArray();
            if (delivered.Length > 0)
            {
                var recorded = await queue.UpdateAsync(new QueueUpdate(entry.Id) { Outcomes = delivered }, CancellationToken.None)
                    .ConfigureAwait(false);
                if (recorded.Removed)
                    removedByDelivery = recorded; // the last pending recipient was delivered
            }
            lock (results)
                results.AddRange(outcome);
        })).ConfigureAwait(false);

        foreach (var r in results)
        {
            string address = entry.Recipients.First(q => q.Position == r.Position).Recipient.Address.ToString();
            DeliveryLog.RecipientResult(logger, entry.Id, address, r.Kind, r.Status, r.RemoteMta, r.Diagnostic);
        }
        if (stopping.IsCancellationRequested)
            return null; // deliveries are recorded; the rest is tried again after the restart

        DateTimeOffset now = time.GetUtcNow();
        bool expired = schedule.IsExpired(entry.QueuedAt, now);
        var outcomes = new List<RecipientOutcome>();
        var report = new List<DsnRecipient>();
        bool delayNotice = false;
        DateTimeOffset next = now + schedule.WaitAfter(entry.Attempts + 1);
        foreach (var r in results)
        {
            var recipient = entry.Recipients.First(q => q.Position == r.Position).Recipient;
            switch (r.Kind)
            {
                case DeliveryResultKind.Failed:
                case DeliveryResultKind.Deferred when expired:
                    string diagnostic = r.Kind == DeliveryResultKind.Failed
                        ? r.Diagnostic
                        : $"{r.Diagnostic} (gave up after {FormatAge(now - entry.QueuedAt)} in the queue)";
                    outcomes.Add(new RecipientOutcome(r.Position, QueueRecipientStatus.Failed, diagnostic, r.RemoteMta));
                    if (DsnPolicy.ShouldNotify(recipient, DsnAction.Failed))
                    {
                        // RFC 3463 §3.5: 5.4.7, delivery time expired, for what was only ever deferred.
                        string status = r.Kind == DeliveryResultKind.Failed ? r.Status : "5.4.7";
                        report.Add(new DsnRecipient(recipient, DsnAction.Failed, status, r.RemoteMta, diagnostic, now));
                    }
                    break;
                case DeliveryResultKind.Deferred:
                    outcomes.Add(new RecipientOutcome(r.Position, QueueRecipientStatus.Pending, r.Diagnostic, r.RemoteMta));
                    if (!entry.DelayNotified && schedule.IsDelayWorthNotice(entry.QueuedAt, now)
                        && DsnPolicy.ShouldNotify(recipient, DsnAction.Delayed))
                    {
                        report.Add(new DsnRecipient(recipient, DsnAction.Delayed, r.Status, r.RemoteMta, r.Diagnostic, now,
                            schedule.GiveUpTime(entry.QueuedAt)));
                        delayNotice = true;
                    }
                    break;
                case DeliveryResultKind.Delivered when WantsSuccessNotice(entry, r.Position):
                    outcomes.Add(new RecipientOutcome(r.Position, QueueRecipientStatus.Delivered, r.Diagnostic, r.RemoteMta));
                    // RFC 3461 §4.1 / RFC 3464 §2.3.3: relayed to a server that cannot report success itself.
                    if (!r.NextHopAcceptsDsn)
                        report.Add(new DsnRecipient(recipient, DsnAction.Relayed, r.Status, r.RemoteMta, r.Diagnostic, now));
                    break;
            }
        }

        AcceptedMessage? bounce = null;
        if (report.Count > 0 && DsnPolicy.CanBounceTo(entry.Envelope))
        {
            try
            {
                bounce = await bounces.ComposeAsync(entry, report, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Without its notice a failure must not be final: keep those recipients for the next round.
                DeliveryLog.BounceFailed(logger, ex, entry.Id);
                outcomes = outcomes.Select(o => o.Status == QueueRecipientStatus.Failed ? o with { Status = QueueRecipientStatus.Pending } : o).ToList();
                delayNotice = false;
            }
        }
        try
        {
            if (removedByDelivery is not null)
                return removedByDelivery; // every recipient was delivered and recorded: nothing is left to say
            var update = new QueueUpdate(entry.Id)
            {
                Outcomes = outcomes,
                NextAttemptAt = next,
                RoundEndedAt = now,
                MarkDelayNotified = delayNotice && bounce is not null,
                Bounce = bounce,
            };
            QueueUpdateResult result = await queue.UpdateAsync(update, CancellationToken.None).ConfigureAwait(false);
            if (bounce is not null)
                DeliveryLog.BounceSent(logger, entry.Id, string.Join('/', report.Select(r => r.Action).Distinct()), entry.Envelope.Sender!.ToString());
            int pending = outcomes.Count(o => o.Status == QueueRecipientStatus.Pending);
            if (pending > 0)
                DeliveryLog.Deferred(logger, entry.Id, pending, next);
            return result;
        }
        catch (Exception ex)
        {
            DeliveryLog.RoundNotRecorded(logger, ex, entry.Id);
            return null;
        }
        finally
        {
            if (bounce is not null)
                await bounce.Spool.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool WantsSuccessNotice(QueueEntry entry, int position) =>
        entry.Recipients.First(q => q.Position == position).Recipient.Notify.HasFlag(DsnNotify.Success);

    private static string FormatAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{age.TotalDays:0.#} days" : age.TotalHours >= 1 ? $"{age.TotalHours:0.#} hours" : $"{age.TotalMinutes:0} minutes";
}
