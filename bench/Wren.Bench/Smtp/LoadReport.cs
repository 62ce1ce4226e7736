using System.Globalization;

namespace Wren.Bench.Smtp;

/// <summary>Prints a run's figures as a few aligned lines of plain text (invariant culture, so they diff and parse).</summary>
internal static class LoadReport
{
    /// <summary>The line printed before the run starts.</summary>
    public static string Header(SmtpLoadOptions options, int messageSize)
    {
        string mode = options.Reuse ? "several messages per connection" : "one connection per message";
        return Invariant($"smtp {options.Host}:{options.Port}: {options.Messages} messages of {messageSize} bytes over {Math.Min(options.Connections, options.Messages)} connections, {mode}");
    }

    /// <summary>Writes the results to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, LoadStatistics statistics, TimeSpan elapsed, ServerProcessFigures? server, bool interrupted)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        output.WriteLine(Invariant(
            $"messages/s  {statistics.Accepted / seconds:F1}   ({statistics.Accepted} accepted, {statistics.Failed} failed in {elapsed.TotalSeconds:F3} s{(interrupted ? ", interrupted" : "")})"));

        LatencySummary? latency = statistics.Summarize();
        output.WriteLine(latency is null
            ? "latency ms  n/a (no message accepted)"
            : Invariant($"latency ms  p50 {latency.P50:F3}  p90 {latency.P90:F3}  p99 {latency.P99:F3}  max {latency.Max:F3}   (MAIL sent → 250 after DATA)"));

        IReadOnlyList<KeyValuePair<string, int>> errors = statistics.Errors;
        output.WriteLine(errors.Count == 0
            ? "errors      none"
            : "errors      " + string.Join(", ", errors.Select(e => Invariant($"{e.Key}: {e.Value}"))));

        if (server is not null)
        {
            string cpu = server.Cpu is { } used
                ? Invariant($", CPU {used.TotalSeconds:F2} s ({used.TotalMilliseconds / Math.Max(statistics.Accepted, 1):F3} ms/msg)")
                : "";
            output.WriteLine(Invariant(
                $"server      pid {server.Pid}: peak VmHWM {MiB(server.PeakMiB)}, RSS {MiB(server.RssStartMiB)} at start, {MiB(server.RssMaxMiB)} max, {MiB(server.RssEndMiB)} at end{cpu}"));
        }
    }

    private static string MiB(double? value) => value is { } v ? Invariant($"{v:F1} MiB") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
