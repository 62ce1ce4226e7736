namespace Wren.Delivery.Outbound;

/// <summary>
/// When a temporarily failed message is tried again, and when Wren gives up (RFC 5321 §4.5.4.1: retry
/// after at least 30 minutes typically, give up after 4–5 days). The wait doubles each round from
/// <see cref="DeliveryOptions.RetryInitial"/> up to <see cref="DeliveryOptions.RetryMax"/>.
/// </summary>
public sealed class RetrySchedule(DeliveryOptions options)
{
    /// <summary>The wait after the round numbered <paramref name="attempts"/> (1 for the first) failed temporarily.</summary>
    public TimeSpan WaitAfter(int attempts)
    {
        if (attempts < 1)
            attempts = 1;
        double factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        double ticks = Math.Min(options.RetryInitial.Ticks * factor, options.RetryMax.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(ticks, TimeSpan.TicksPerSecond));
    }

    /// <summary>True when a message queued at <paramref name="queuedAt"/> has been tried for long enough.</summary>
    public bool IsExpired(DateTimeOffset queuedAt, DateTimeOffset now) => now - queuedAt >= options.GiveUpAfter;

    /// <summary>When a message queued at <paramref name="queuedAt"/> will be given up (a delay DSN's Will-Retry-Until).</summary>
    public DateTimeOffset GiveUpTime(DateTimeOffset queuedAt) => queuedAt + options.GiveUpAfter;

    /// <summary>True when the sender should hear that the message is delayed (once).</summary>
    public bool IsDelayWorthNotice(DateTimeOffset queuedAt, DateTimeOffset now) => now - queuedAt >= options.DelayNotifyAfter;
}
