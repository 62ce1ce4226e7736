using System.Globalization;

namespace Wren.Bench.Imap;

/// <summary>
/// Prints the bench's figures as they come, one labelled line (or a few) per phase, and a summary at the end.
/// Refusals and failures are printed as results, never thrown: an incomplete server still gets a report.
/// </summary>
internal sealed class ImapBenchReport(TextWriter output)
{
    private readonly List<string> _summary = [];

    private static string Ms(TimeSpan t) => t.TotalSeconds >= 10 ? $"{t.TotalSeconds:0.0} s" : t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.00} s" : $"{t.TotalMilliseconds:0.0} ms";

    private static string MiB(long octets) => (octets / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static string N(double value) => value.ToString(value >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>A command the server refused before the phase could start.</summary>
    public void Refused(string name, string command, string answer)
    {
        output.WriteLine($"{name,-11} REFUSED: {command} → {answer}");
        _summary.Add($"{name,-22} refused: {answer}");
    }

    /// <summary>A phase that broke off (connection lost, timeout, garbled response).</summary>
    public void Failed(string name, string command, string message)
    {
        output.WriteLine($"{name,-11} FAILED: {Shorten(command)}: {message}");
        _summary.Add($"{name,-22} failed: {message}");
    }

    /// <summary>The populate phase.</summary>
    public void Populated(PopulateResult result, TimeSpan? serverCpu, ServerSnapshot? after)
    {
        double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-9);
        string cpu = serverCpu is { } c && result.Appended > 0 ? $"; server CPU {c.TotalSeconds:0.0} s ({c.TotalMilliseconds / result.Appended:0.00} ms/msg)" : "";
        output.WriteLine($"populate    {result.Appended} stored, {MiB(result.Octets)} in {Ms(result.Elapsed)}: {N(result.Appended / seconds)} msgs/s, {result.Octets / 1048576.0 / seconds:0.0} MiB/s{cpu}");
        if (after is not null)
            output.WriteLine($"server      after populate: {ImapBenchCommand.Describe(after)}");
        if (result.Refusal is { } refusal)
        {
            output.WriteLine($"populate    REFUSED after {result.Appended}: {refusal.Answer}");
            _summary.Add($"{"populate",-22} refused after {result.Appended}: {refusal.Answer}");
        }
        else
        {
            _summary.Add($"{"populate",-22} {N(result.Appended / seconds)} msgs/s ({result.Appended} in {Ms(result.Elapsed)}){cpu}");
        }
    }

    /// <summary>A timed command's runs; <paramref name="expected"/> is what the generator says it should count.</summary>
    public void Timed(TimedResult result, int? expected, bool expectedIsAssumed)
    {
        if (result.Runs.Count > 0)
        {
            output.WriteLine($"{result.Name,-22} {Shorten(result.Command)}");
            foreach ((TimedRun run, int i) in result.Runs.Select((r, i) => (r, i)))
            {
                string cpu = run.ServerCpu is { } c ? $", server CPU {c.TotalSeconds:0.00} s" : "";
                if (run.RssGrowthKiB is { } growth)
                    cpu += $", RSS +{growth / 1024.0:0.0} MiB at most";
                output.WriteLine($"  run {i + 1}: {Ms(run.Elapsed),9}  first response {Ms(run.FirstResponse),9}  {run.Responses} responses, {run.Matches} counted, {MiB(run.Octets)} ({MiB(run.LiteralOctets)} in literals){cpu}");
            }
            TimedRun median = result.Median!;
            double seconds = Math.Max(median.Elapsed.TotalSeconds, 1e-9);
            string rate = result.Name.StartsWith("search", StringComparison.Ordinal)
                ? $"{N(1 / seconds)} searches/s"
                : $"{N(median.Matches / seconds)} msgs/s, {median.Octets / 1048576.0 / seconds:0.0} MiB/s";
            string check = expected is int e
                ? median.Matches == e ? $"{median.Matches} as expected" : $"{median.Matches}, EXPECTED {e}{(expectedIsAssumed ? " if the mailbox holds only this seed's messages" : "")}"
                : $"{median.Matches}";
            string medianCpu = median.ServerCpu is { } mc ? $", server CPU {mc.TotalSeconds:0.00} s" : "";
            if (result.Runs.Max(r => r.RssGrowthKiB) is { } most)
                medianCpu += $", RSS +{most / 1024.0:0.0} MiB at most (all runs)";
            string range = $"[{Ms(result.Runs.Min(r => r.Elapsed))}–{Ms(result.Runs.Max(r => r.Elapsed))}]";
            output.WriteLine($"  median {Ms(median.Elapsed)} {range}, first response {Ms(median.FirstResponse)}: {rate}; {check}{medianCpu}");
            _summary.Add($"{result.Name,-22} {Ms(median.Elapsed),9} {range,-19} {rate,-34} first {Ms(median.FirstResponse),9}; {check}{medianCpu}");
        }
        if (result.Refusal is { } refusal)
            Refused(result.Name, Shorten(result.Command), refusal.Answer.ToString());
    }

    /// <summary>The idle phase.</summary>
    public void Idle(IdleResult r)
    {
        double[] setup = [.. r.SetupMs.Order()];
        string Percentile(double p) => setup.Length == 0 ? "-" : $"{setup[Math.Clamp((int)Math.Ceiling(p * setup.Length) - 1, 0, setup.Length - 1)]:0.0}";
        output.WriteLine($"idle        {r.Open} of {r.Requested} open in {Ms(r.OpenTime)} ({N(r.Open / Math.Max(r.OpenTime.TotalSeconds, 1e-9))} connections/s); "
            + $"set-up (connect → idling) p50 {Percentile(0.5)} p99 {Percentile(0.99)} max {Percentile(1)} ms");
        if (r.IdleRefusal is not null)
            output.WriteLine($"idle        IDLE REFUSED ({r.Open - r.Idling} connections): {r.IdleRefusal} — those connections stay selected, not idling");
        output.WriteLine($"idle        {r.Idling} idling, {r.Open - r.Idling} selected only");
        foreach ((string kind, int count) in r.Failures)
            output.WriteLine($"idle        failed {kind}: {count}");
        if (r.FirstFailure is not null)
            output.WriteLine($"idle        first failure: {r.FirstFailure}");

        string perConnection = "";
        if (r.Before is { } before && r.Held is { } held && r.Open > 0)
        {
            double rssPer = (held.RssKiB - before.RssKiB) / (double)r.Open;
            double pssPer = (held.PssKiB - before.PssKiB) / (double)r.Open;
            double ussPer = (held.UssKiB - before.UssKiB) / (double)r.Open;
            output.WriteLine($"server      before: {ImapBenchCommand.Describe(before)}");
            output.WriteLine($"server      held:   {ImapBenchCommand.Describe(held)} (max RSS {held.RssKiB / 1024.0:0.0}→{r.HeldMaxRssKiB / 1024.0:0.0} MiB)");
            if (r.After is { } after)
                output.WriteLine($"server      closed: {ImapBenchCommand.Describe(after)}");
            perConnection = $"{rssPer:0.0} KiB RSS, {pssPer:0.0} KiB PSS, {ussPer:0.0} KiB USS per connection";
            output.WriteLine($"idle        memory: {perConnection} (held − before, over {r.Open} connections; server processes {before.Processes} → {held.Processes})");
        }
        output.WriteLine($"idle        client grew {r.ClientGrowthKiB / 1024.0:0.0} MiB holding them");

        string wake = "";
        if (r.Notify is { } notify)
        {
            if (notify.AppendRefusal is not null)
            {
                wake = $"wake-up not measured: APPEND refused: {notify.AppendRefusal}";
            }
            else
            {
                double[] l = [.. notify.LatenciesMs.Order()];
                string P(double p) => l.Length == 0 ? "-" : $"{l[Math.Clamp((int)Math.Ceiling(p * l.Length) - 1, 0, l.Length - 1)]:0.0}";
                wake = $"wake-up {notify.Notified}/{notify.Listening} saw EXISTS within {notify.Timeout.TotalSeconds:0} s: p50 {P(0.5)} p90 {P(0.9)} p99 {P(0.99)} max {P(1)} ms after APPEND sent";
            }
            output.WriteLine($"idle        {wake}");
        }
        output.WriteLine($"idle        closed {r.ClosedCleanly} with DONE + LOGOUT in {Ms(r.CloseTime)}");
        _summary.Add($"{"idle",-22} {r.Idling}/{r.Requested} idling{(r.IdleRefusal is null ? "" : $" (IDLE refused: {r.IdleRefusal}; {r.Open - r.Idling} selected only)")}, "
            + $"{N(r.Open / Math.Max(r.OpenTime.TotalSeconds, 1e-9))} set-ups/s, set-up p50 {Percentile(0.5)} ms; {perConnection}{(wake.Length > 0 ? "; " + wake : "")}");
    }

    /// <summary>Prints the summary lines.</summary>
    public void Summary()
    {
        output.WriteLine("summary");
        foreach (string line in _summary)
            output.WriteLine("  " + line);
    }

    private static string Shorten(string command) => command.Length > 100 ? command[..60] + "…" + command[^30..] : command;
}
