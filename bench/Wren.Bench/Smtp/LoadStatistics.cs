using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wren.Bench.Smtp;

/// <summary>
/// What happened to each message of a run: its latency (MAIL sent → 250 after DATA received) when accepted,
/// otherwise one error keyed by the reply code that refused it or by the failure (<c>io</c>, <c>timeout</c>,
/// <c>protocol</c>). Safe for concurrent connections: each message index is written by one connection only.
/// </summary>
internal sealed class LoadStatistics
{
    private readonly long[] _latencyTicks;
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _accepted;
    private int _failed;

    /// <summary>Room for <paramref name="messages"/> messages.</summary>
    public LoadStatistics(int messages)
    {
        _latencyTicks = new long[messages];
        Array.Fill(_latencyTicks, -1);
    }

    /// <summary>Messages the server accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Messages that failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Records message <paramref name="index"/> as accepted, begun at <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void RecordAccepted(int index, long startTimestamp)
    {
        _latencyTicks[index] = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Increment(ref _accepted);
    }

    /// <summary>Records a message refused with the SMTP reply <paramref name="code"/>.</summary>
    public void RecordRefused(int code) => RecordFailed(code.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Records a failure that is not a reply (<c>io</c>, <c>timeout</c>, <c>protocol</c>, <c>connect</c>).</summary>
    public void RecordFailed(string kind)
    {
        _errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _failed);
    }

    /// <summary>Errors by reply code or kind, sorted.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Errors =>
        [.. _errors.OrderBy(e => e.Key, StringComparer.Ordinal)];

    /// <summary>Latency percentiles of the accepted messages (nearest rank), in milliseconds; null when none was accepted.</summary>
    public LatencySummary? Summarize()
    {
        long[] sorted = [.. _latencyTicks.Where(t => t >= 0)];
        if (sorted.Length == 0)
            return null;
        Array.Sort(sorted);
        double Percentile(double p) =>
            ToMilliseconds(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new LatencySummary(Percentile(0.50), Percentile(0.90), Percentile(0.99), ToMilliseconds(sorted[^1]));
    }

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Per-message latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max);
