namespace Wren.Delivery.Outbound;

/// <summary>When the scheduler lists the queue, and how it starts rounds from its backlog.</summary>
public sealed partial class QueueScheduler
{
    /// <summary>Starts a round for every due entry not already in one, as room allows; returns how long to sleep.</summary>
    private async Task<TimeSpan> DispatchDueAsync(CancellationToken token)
    {
        DateTimeOffset now = time.GetUtcNow();
        long retry = Interlocked.Exchange(ref retryAtTicks, long.MaxValue);
        if (retry < listAt.UtcTicks)
            listAt = new DateTimeOffset(retry, TimeSpan.Zero);
        if (now >= listAt)
            Volatile.Write(ref listingNeeded, 1); // a retry time (or the poll interval) has come
        int room = StartFromBacklog(options.MaxConcurrentMessages - inFlight.Count);
        if (room > 0 && Interlocked.Exchange(ref listingNeeded, 0) == 1)
        {
            // The backlog is empty: list beyond what is in delivery, and more than there is room for, so that
            // the next rounds start from the backlog as earlier ones end.
            int limit = inFlight.Count + room + options.MaxConcurrentMessages;
            var due = await queue.ListDueIdsAsync(now, limit, token).ConfigureAwait(false);
            bool more = due.Count >= limit;
            foreach (long id in due)
            {
                if (!inFlight.ContainsKey(id) && !backlog.TryAdd(id))
                {
                    more = true;
                    break;
                }
            }
            if (more)
                Volatile.Write(ref listingNeeded, 1); // more are due: list again once the backlog is used up
            room = StartFromBacklog(room);
            // What is due now is in delivery or in the backlog, and each round's end wakes the loop; what falls
            // due later is the next reason to list — or a retry recorded from now on (retryAtTicks).
            DateTimeOffset? next = await queue.NextAttemptAfterAsync(now, token).ConfigureAwait(false);
            DateTimeOffset poll = now + options.PollInterval;
            listAt = next is { } at && at < poll ? at : poll;
        }
        if (room <= 0)
            return options.PollInterval; // a finishing round wakes the loop
        if (Volatile.Read(ref listingNeeded) == 1)
            return TimeSpan.Zero;
        TimeSpan wait = listAt - now;
        return wait < options.PollInterval ? wait : options.PollInterval;
    }

    /// <summary>Remembers when an entry that stays queued falls due, so the loop lists the queue then.</summary>
    private void RetryAt(DateTimeOffset at)
    {
        long ticks = at.UtcTicks;
        long seen = Volatile.Read(ref retryAtTicks);
        while (ticks < seen)
        {
            long found = Interlocked.CompareExchange(ref retryAtTicks, ticks, seen);
            if (found == seen)
                return;
            seen = found;
        }
    }

    /// <summary>Starts rounds for backlog entries not in delivery while there is room; returns the room left.</summary>
    private int StartFromBacklog(int room)
    {
        while (room > 0 && backlog.TryTake(out long id))
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!inFlight.TryAdd(id, gate.Task))
            {
                // SQLite reuses the id of a removed entry: a message queued just now may carry the id of one
                // whose round is still ending. Start it once that round is over (whichever side sees both).
                startAfterRound[id] = 0;
                if (!inFlight.ContainsKey(id) && startAfterRound.TryRemove(id, out _))
                    backlog.TryAdd(id);
                continue;
            }
            room--;
            _ = RunRoundAsync(id, gate);
        }
        return room;
    }
}
