using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Imap;

/// <summary>
/// One timed command, sent several times on the same selected connection: each run's wall time (command
/// written → tagged OK read), the time to its first untagged response, the responses and octets it brought,
/// and the server's CPU over the run when the server's processes are known.
/// </summary>
internal static class TimedCommand
{
    /// <summary>
    /// Runs <paramref name="command"/> <paramref name="repetitions"/> times. A NO or BAD ends the runs: the result
    /// carries the refusal (the connection stays usable).
    /// </summary>
    public static async Task<TimedResult> RunAsync(BenchImapConnection connection, string name, string command, int repetitions,
        ServerProcessTree? server, Func<ImapResponse, int> matches)
    {
        var runs = new List<TimedRun>();
        for (int rep = 0; rep < repetitions; rep++)
        {
            ServerSnapshot? before = server?.Snapshot();
            TimeSpan? cpuBefore = before?.Cpu;
            using var sampling = new CancellationTokenSource();
            Task<long>? peak = server is null ? null : PeakRssAsync(server.Pids(), before!.RssKiB, sampling.Token);
            long received = connection.BytesReceived;
            int responses = 0, found = 0;
            long literalOctets = 0;
            long firstTicks = -1;
            long start = Stopwatch.GetTimestamp();
            ImapResponse answer = await connection.CommandAsync(command, response =>
            {
                if (firstTicks < 0)
                    firstTicks = Stopwatch.GetTimestamp() - start;
                responses++;
                literalOctets += response.LiteralOctets;
                found += matches(response);
            }).ConfigureAwait(false);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            await sampling.CancelAsync().ConfigureAwait(false);
            long? peakRss = peak is null ? null : await peak.ConfigureAwait(false);
            if (!answer.IsOk)
                return new TimedResult(name, command, runs, new ImapCommandFailedException(command, answer));
            TimeSpan? cpu = server?.Snapshot().Cpu - cpuBefore;
            runs.Add(new TimedRun(elapsed, firstTicks < 0 ? elapsed : TimeSpan.FromSeconds(firstTicks / (double)Stopwatch.Frequency),
                responses, connection.BytesReceived - received, literalOctets, found, cpu, peakRss - before?.RssKiB));
        }
        return new TimedResult(name, command, runs, null);
    }

    // The server's largest RSS (summed over the processes it had when the run began) sampled every 50 ms until cancelled.
    private static async Task<long> PeakRssAsync(IReadOnlyList<int> pids, long start, CancellationToken cancellationToken)
    {
        long peak = start;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                peak = Math.Max(peak, ServerProcessTree.SumRssKiB(pids));
        }
        catch (OperationCanceledException)
        {
            // the command ended
        }
        return peak;
    }

    /// <summary>Counts FETCH responses that carry <paramref name="item"/> (e.g. <c>ENVELOPE</c>, <c>BODY[]</c>).</summary>
    public static Func<ImapResponse, int> FetchesWith(string item) =>
        response => response.Keyword == "FETCH" && response.Text.Contains(item, StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    /// <summary>Counts the numbers of <c>* SEARCH n n n</c> (RFC 9051 §7.3.5; IMAP4rev1 form) or an ESEARCH COUNT.</summary>
    public static int SearchResults(ImapResponse response)
    {
        if (response.Keyword == "SEARCH")
        {
            int count = 0;
            foreach (string word in response.Rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Length > 0 && char.IsAsciiDigit(word[0]))
                    count++;
            }
            return count;
        }
        if (response.Keyword == "ESEARCH")
        {
            // RFC 4731 / RFC 9051 §7.3.4: "… ALL 1:5,9" without RETURN (COUNT) — count the set's members.
            string[] words = response.Rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int all = Array.FindIndex(words, w => w.Equals("ALL", StringComparison.OrdinalIgnoreCase));
            if (all >= 0 && all + 1 < words.Length)
                return SetSize(words[all + 1]);
        }
        return 0;
    }

    private static int SetSize(string set)
    {
        int count = 0;
        foreach (string part in set.Split(','))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                count++;
                continue;
            }
            if (long.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long a)
                && long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long b))
                count += (int)(Math.Abs(b - a) + 1);
        }
        return count;
    }
}

/// <summary>One run of a timed command.</summary>
/// <param name="Elapsed">Command written → tagged OK read.</param>
/// <param name="FirstResponse">Command written → first untagged response read.</param>
/// <param name="Responses">Untagged responses.</param>
/// <param name="Octets">Octets received, literals included.</param>
/// <param name="LiteralOctets">Octets received in literals (message bodies).</param>
/// <param name="Matches">Responses (or search results) the caller counted.</param>
/// <param name="ServerCpu">CPU the server's processes used over the run, when known.</param>
/// <param name="RssGrowthKiB">The server's RSS at its largest during the run (sampled every 50 ms) minus before it, when known.</param>
internal sealed record TimedRun(TimeSpan Elapsed, TimeSpan FirstResponse, int Responses, long Octets, long LiteralOctets, int Matches, TimeSpan? ServerCpu, long? RssGrowthKiB);

/// <summary>All runs of a timed command, or the refusal that stopped them.</summary>
internal sealed record TimedResult(string Name, string Command, IReadOnlyList<TimedRun> Runs, ImapCommandFailedException? Refusal)
{
    /// <summary>The run with the median wall time (the lower middle one for an even count).</summary>
    public TimedRun? Median => Runs.Count == 0 ? null : Runs.OrderBy(r => r.Elapsed).ElementAt((Runs.Count - 1) / 2);
}
