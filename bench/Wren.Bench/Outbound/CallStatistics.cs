using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Outbound;

/// <summary>Calls of one operation: how many, their total and longest duration, and rows they returned.</summary>
internal sealed class CallStatistics(string name)
{
    private long calls;
    private long ticks;
    private long maxTicks;
    private long rows;

    public string Name { get; } = name;

    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Times <paramref name="call"/> and counts the rows that <paramref name="count"/> sees in its result.</summary>
    public async Task<T> TimeAsync<T>(Func<Task<T>> call, Func<T, int>? count = null)
    {
        long start = Stopwatch.GetTimestamp();
        T result = await call().ConfigureAwait(false);
        Record(Stopwatch.GetTimestamp() - start, count?.Invoke(result) ?? 0);
        return result;
    }

    public void Record(long elapsedTicks, int returnedRows = 0)
    {
        Interlocked.Increment(ref calls);
        Interlocked.Add(ref ticks, elapsedTicks);
        Interlocked.Add(ref rows, returnedRows);
        for (long seen = Interlocked.Read(ref maxTicks); elapsedTicks > seen; seen = Interlocked.Read(ref maxTicks))
            Interlocked.CompareExchange(ref maxTicks, elapsedTicks, seen);
    }

    /// <summary>"ListDueAsync  120 calls, 1.234 ms mean, 9.9 ms max, 2.10 s in all, 240000 rows (2000.0 per call)".</summary>
    public override string ToString()
    {
        long n = Math.Max(1, Calls);
        double total = Interlocked.Read(ref ticks) / (double)Stopwatch.Frequency;
        double max = Interlocked.Read(ref maxTicks) * 1000.0 / Stopwatch.Frequency;
        long r = Interlocked.Read(ref rows);
        string rowText = r > 0 ? string.Create(CultureInfo.InvariantCulture, $", {r} rows ({r / (double)n:0.0} per call)") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name,-18} {Calls,7} calls, {total * 1000 / n,8:0.000} ms mean, {max,8:0.0} ms max, {total,7:0.00} s in all{rowText}");
    }
}
