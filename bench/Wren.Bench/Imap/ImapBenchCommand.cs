using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Wren.Bench.Imap;

/// <summary>
/// <c>Wren.Bench imap</c>: populates a mailbox, times FETCH and SEARCH on it, then holds many IDLE connections
/// and measures the server's memory per connection; prints each figure as it is measured.
/// </summary>
internal static partial class ImapBenchCommand
{
    /// <summary>Runs the bench; 0 when every phase ran, 1 when the server refused or failed one (reported), 2 on a setup error.</summary>
    public static async Task<int> RunAsync(ImapBenchOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        IPEndPoint endPoint;
        try
        {
            IPAddress address = IPAddress.TryParse(options.Host, out IPAddress? literal)
                ? literal
                : (await Dns.GetHostAddressesAsync(options.Host, cancellationToken).ConfigureAwait(false))[0];
            endPoint = new IPEndPoint(address, options.Port);
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException)
        {
            await errors.WriteLineAsync($"Wren.Bench imap: cannot resolve {options.Host}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        int? pid = options.ServerPid ?? (IPAddress.IsLoopback(endPoint.Address) ? ServerProcessTree.FindListener(options.Port) : null);
        if (options.ServerPid is int given && !File.Exists($"/proc/{given}/status"))
        {
            await errors.WriteLineAsync($"Wren.Bench imap: --server-pid {given}: no such process").ConfigureAwait(false);
            return 2;
        }
        ServerProcessTree? server = pid is int p ? new ServerProcessTree(p) : null;

        int nextBind = 0;
        IPAddress? Bind() => options.BindAddresses.Count == 0 ? null
            : options.BindAddresses[(int)((uint)Interlocked.Increment(ref nextBind) % options.BindAddresses.Count)];
        Task<BenchImapConnection> Connect() =>
            BenchImapConnection.ConnectAsync(endPoint, Bind(), options.Tls, options.Host, options.ReplyTimeout, cancellationToken);
        async Task<BenchImapConnection> ConnectAndLogin()
        {
            BenchImapConnection connection = await Connect().ConfigureAwait(false);
            try
            {
                await connection.LoginAsync(options.User, options.Password, refreshCapabilities: true).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        string label = options.Label.Length > 0 ? options.Label + " " : "";
        string tls = options.Tls switch { ImapTlsMode.Implicit => "implicit TLS", ImapTlsMode.StartTls => "STARTTLS", _ => "plain" };
        await output.WriteLineAsync($"imap {label}{options.Host}:{options.Port} ({tls}), user {options.User}, mailbox {options.Mailbox}").ConfigureAwait(false);
        await output.WriteLineAsync(server is null
            ? "server      process not known (give --server-pid): no memory or CPU figures"
            : $"server      pid {server.RootPid}: {Describe(server.Snapshot())}").ConfigureAwait(false);

        var report = new ImapBenchReport(output);
        bool complete = true;
        try
        {
            BenchImapConnection main;
            try
            {
                main = await ConnectAndLogin().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException or ImapCommandFailedException
                                          or InvalidDataException or System.Security.Authentication.AuthenticationException)
            {
                await errors.WriteLineAsync($"Wren.Bench imap: cannot log in: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            await using (main.ConfigureAwait(false))
            {
                await output.WriteLineAsync($"capability  {string.Join(' ', main.Capabilities.Order(StringComparer.OrdinalIgnoreCase))}").ConfigureAwait(false);
                complete &= await BulkPhasesAsync(options, main, ConnectAndLogin, server, report, output, cancellationToken).ConfigureAwait(false);
            }

            if (options.IdleConnections > 0)
            {
                await output.WriteLineAsync($"idle        opening {options.IdleConnections} connections ({options.IdleParallel} at a time): LOGIN {options.IdleUser ?? options.User}, SELECT {options.IdleMailbox}, IDLE").ConfigureAwait(false);
                IdleResult idle = await IdleConnectionsRun.RunAsync(options, server, _ => Connect(), errors, cancellationToken).ConfigureAwait(false);
                report.Idle(idle);
                complete &= idle.Idling == idle.Requested && idle.Failures.Count == 0;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("stopped     (Ctrl+C): figures so far above").ConfigureAwait(false);
            return 1;
        }
        report.Summary();
        return complete ? 0 : 1;
    }

    // Populate, then the four timed commands; false when something was refused or failed.
    private static async Task<bool> BulkPhasesAsync(ImapBenchOptions options, BenchImapConnection main, Func<Task<BenchImapConnection>> connect,
        ServerProcessTree? server, ImapBenchReport report, TextWriter output, CancellationToken cancellationToken)
    {
        string select = $"SELECT {BenchImapConnection.Quote(options.Mailbox)}";
        long exists = 0;
        void NoteExists(ImapResponse r)
        {
            if (r.Keyword == "EXISTS" && r.Number is long n)
                exists = n;
        }

        ImapResponse selected = await main.CommandAsync(select, NoteExists).ConfigureAwait(false);
        if (!selected.IsOk)
        {
            report.Refused("select", select, selected.ToString());
            return false;
        }
        await output.WriteLineAsync($"mailbox     {options.Mailbox}: {exists} messages").ConfigureAwait(false);

        var generator = new BenchMailGenerator(options.Seed, options.User);
        bool complete = true;
        if (options.Populate is int target && exists < target)
        {
            bool literalPlus = main.Capabilities.Contains("LITERAL+");
            ServerSnapshot? before = server?.Snapshot();
            PopulateResult populated;
            if (options.PopulateSmtp is { } smtp)
            {
                await output.WriteLineAsync($"populate    delivering messages {exists}…{target - 1} (seed {options.Seed}) by SMTP to {smtp} for <{options.SmtpTo ?? options.User}>, {options.PopulateConnections} connections").ConfigureAwait(false);
                populated = await SmtpPopulator.RunAsync(smtp, options.SmtpTo ?? options.User, generator, (int)exists, target,
                    options.PopulateConnections, options.ReplyTimeout, Console.Error, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"populate    appending messages {exists}…{target - 1} (seed {options.Seed}), {options.PopulateConnections} connections, "
                    + (literalPlus ? $"LITERAL+ with {options.PopulateWindow} in flight each" : main.Capabilities.Contains("LITERAL-") ? "LITERAL- (≤ 4096 octets) else synchronising literals" : "synchronising literals")).ConfigureAwait(false);
                populated = await MailboxPopulator.RunAsync(connect, generator, options.Mailbox, (int)exists, target,
                    options.PopulateConnections, options.PopulateWindow, Console.Error, cancellationToken).ConfigureAwait(false);
            }
            ServerSnapshot? after = server?.Snapshot();
            report.Populated(populated, after?.Cpu - before?.Cpu, after);
            complete &= populated.Refusal is null;
            selected = await main.ExpectOkAsync(select, NoteExists).ConfigureAwait(false);
            await output.WriteLineAsync($"mailbox     {options.Mailbox}: {exists} messages").ConfigureAwait(false);
        }
        else if (options.Populate is int already)
        {
            await output.WriteLineAsync($"populate    nothing to do: {exists} messages already (≥ {already})").ConfigureAwait(false);
        }

        if (options.SkipTimings)
            return complete;
        if (exists == 0)
        {
            await output.WriteLineAsync("timings     skipped: the mailbox is empty (use --populate)").ConfigureAwait(false);
            return false;
        }

        // The UIDs, to pick the bodies evenly over the mailbox.
        var uids = new List<long>((int)exists);
        ImapResponse listed = await main.CommandAsync("UID FETCH 1:* (UID)", r =>
        {
            if (r.Keyword == "FETCH" && UidItem().Match(r.Text) is { Success: true } m)
                uids.Add(long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }).ConfigureAwait(false);
        if (!listed.IsOk || uids.Count == 0)
        {
            await output.WriteLineAsync($"uids        UID FETCH 1:* (UID) answered {listed}; picking bodies among UIDs 1…{exists}").ConfigureAwait(false);
            uids = [.. Enumerable.Range(1, (int)exists).Select(i => (long)i)];
        }
        uids.Sort();
        int bodies = Math.Min(options.Bodies, uids.Count);
        string bodySet = string.Join(',', Enumerable.Range(0, bodies).Select(k => uids[(int)((long)k * uids.Count / bodies)]));

        int n = (int)exists;
        var operations = new (string Name, string Command, Func<ImapResponse, int> Matches, int? Expected)[]
        {
            ("fetch envelopes", "UID FETCH 1:* (ENVELOPE)", TimedCommand.FetchesWith("ENVELOPE"), n),
            ($"fetch {bodies} bodies", $"UID FETCH {bodySet} (BODY.PEEK[])", TimedCommand.FetchesWith("BODY[]"), bodies),
            ("search header", $"UID SEARCH HEADER Subject {BenchMailGenerator.SubjectWord}", TimedCommand.SearchResults, BenchMailGenerator.SubjectMatches(n)),
            ("search body", $"UID SEARCH BODY {BenchMailGenerator.BodyWord}", TimedCommand.SearchResults, BenchMailGenerator.BodyMatches(n)),
        };
        foreach ((string name, string command, Func<ImapResponse, int> matches, int? expected) in operations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimedResult result;
            try
            {
                result = await TimedCommand.RunAsync(main, name, command, options.Repetitions, server, matches).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or TimeoutException or SocketException or InvalidDataException or ImapCommandFailedException)
            {
                report.Failed(name, command, e.Message);
                return false; // the connection is in an unknown state
            }
            report.Timed(result, expected, options.Populate is null);
            complete &= result.Refusal is null;
        }
        await main.CommandAsync("LOGOUT").ConfigureAwait(false);
        return complete;
    }

    internal static string Describe(ServerSnapshot s) =>
        $"{s.Processes} process(es), RSS {s.RssKiB / 1024.0:0.0} MiB, PSS {s.PssKiB / 1024.0:0.0} MiB, USS {s.UssKiB / 1024.0:0.0} MiB, CPU so far {s.Cpu.TotalSeconds:0.00} s";

    [GeneratedRegex(@"\bUID (\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UidItem();
}
