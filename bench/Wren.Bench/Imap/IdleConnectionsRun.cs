using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Wren.Bench.Imap;

/// <summary>
/// The idle phase: N connections LOGIN, SELECT and IDLE (RFC 2177, RFC 9051 §6.3.13), are held while the server's
/// memory is sampled, optionally hear of one new message, then end with DONE and LOGOUT. A server that refuses
/// IDLE keeps its connections selected instead, and the report says so: the memory is then that of selected,
/// not idling, sessions.
/// </summary>
internal static class IdleConnectionsRun
{
    private sealed class Slot
    {
        public BenchImapConnection? Connection;
        public string? IdleTag;
        public TimeSpan NotifiedAfter = TimeSpan.MinValue;
    }

    /// <summary>Runs the phase; <paramref name="connect"/> opens connection <c>i</c> (greeting read, not logged in).</summary>
    public static async Task<IdleResult> RunAsync(ImapBenchOptions options, ServerProcessTree? server,
        Func<int, Task<BenchImapConnection>> connect, TextWriter progress, CancellationToken cancellationToken)
    {
        int count = options.IdleConnections;
        string user = options.IdleUser ?? options.User;
        string password = options.IdlePassword ?? options.Password;
        var slots = new Slot[count];
        var setup = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        string? idleRefusal = null;
        string? firstFailure = null;

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false); // let the server settle
        ServerSnapshot? before = server?.Snapshot();
        long clientBefore = Environment.WorkingSet;

        // Open all, P at a time.
        var opening = Stopwatch.StartNew();
        int done = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.IdleParallel, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                long start = Stopwatch.GetTimestamp();
                BenchImapConnection? connection = null;
                string stage = "connect";
                try
                {
                    connection = await connect(i).ConfigureAwait(false);
                    stage = "login";
                    await connection.LoginAsync(user, password, refreshCapabilities: false).ConfigureAwait(false);
                    stage = "select";
                    await connection.ExpectOkAsync($"SELECT {BenchImapConnection.Quote(options.IdleMailbox)}").ConfigureAwait(false);
                    stage = "idle";
                    string tag = await connection.SendCommandAsync("IDLE").ConfigureAwait(false);
                    ImapResponse answer = await connection.ReadResponseAsync().ConfigureAwait(false);
                    while (answer.Kind == ImapResponseKind.Untagged)
                        answer = await connection.ReadResponseAsync().ConfigureAwait(false);
                    var slot = new Slot { Connection = connection };
                    if (answer.Kind == ImapResponseKind.Continuation)
                        slot.IdleTag = tag;
                    else
                        Interlocked.CompareExchange(ref idleRefusal, answer.ToString(), null); // selected, not idling
                    connection.TrimBuffer();
                    slots[i] = slot;
                    setup.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException
                                              or ImapCommandFailedException or InvalidDataException or System.Security.Authentication.AuthenticationException)
                {
                    failures.AddOrUpdate($"{stage}: {Kind(e)}", 1, static (_, n) => n + 1);
                    Interlocked.CompareExchange(ref firstFailure, $"{stage}: {e.Message}", null);
                    if (connection is not null)
                        await connection.DisposeAsync().ConfigureAwait(false);
                }
                int finished = Interlocked.Increment(ref done);
                if (finished % Math.Max(1, count / 10) == 0)
                    progress.WriteLine($"  idle: {finished}/{count} set up ({opening.Elapsed.TotalSeconds:0.0} s, {failures.Values.Sum()} failed)");
            }).ConfigureAwait(false);
        TimeSpan openTime = opening.Elapsed;
        int open = slots.Count(s => s is not null);
        int idling = slots.Count(s => s?.IdleTag is not null);

        // Hold them, sampling the server once a second.
        ServerSnapshot? held = null;
        long heldMaxRss = 0;
        for (int second = 0; second < options.IdleSeconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (server is not null)
            {
                held = server.Snapshot();
                heldMaxRss = Math.Max(heldMaxRss, held.RssKiB);
            }
        }
        long clientHeld = Environment.WorkingSet;

        // Wake-up: one APPEND to the idle mailbox; each idling connection should say "* n EXISTS".
        NotifyResult? notify = null;
        if (options.IdleNotify && idling > 0)
            notify = await NotifyAsync(options, slots, user, password, () => connect(-1), cancellationToken).ConfigureAwait(false);

        // DONE and LOGOUT, P at a time.
        var closing = Stopwatch.StartNew();
        int closedCleanly = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.IdleParallel, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                if (slots[i]?.Connection is not { } connection)
                    return;
                try
                {
                    if (slots[i].IdleTag is { } tag)
                    {
                        await connection.SendAsync("DONE\r\n"u8.ToArray()).ConfigureAwait(false);
                        ImapResponse end = await connection.ReadUntilTaggedAsync(tag, "IDLE").ConfigureAwait(false);
                        if (!end.IsOk)
                            throw new ImapCommandFailedException("IDLE … DONE", end);
                    }
                    ImapResponse bye = await connection.CommandAsync("LOGOUT").ConfigureAwait(false);
                    if (bye.IsOk)
                        Interlocked.Increment(ref closedCleanly);
                }
                catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException
                                              or ImapCommandFailedException or InvalidDataException)
                {
                    failures.AddOrUpdate($"done/logout: {Kind(e)}", 1, static (_, n) => n + 1);
                }
                finally
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        TimeSpan closeTime = closing.Elapsed;

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        ServerSnapshot? after = server?.Snapshot();
        return new IdleResult(count, open, idling, idleRefusal, [.. setup], openTime, before, held, heldMaxRss, after,
            notify, closedCleanly, closeTime, [.. failures.OrderBy(f => f.Key, StringComparer.Ordinal)], firstFailure,
            (clientHeld - clientBefore) / 1024);
    }

    private static string Kind(Exception e) => e switch
    {
        ImapCommandFailedException f => "refused: " + f.Answer.Keyword,
        TimeoutException => "timeout",
        System.Net.Sockets.SocketException s => "socket " + s.SocketErrorCode,
        IOException => "io",
        _ => "protocol",
    };

    private static async Task<NotifyResult> NotifyAsync(ImapBenchOptions options, Slot[] slots, string user, string password,
        Func<Task<BenchImapConnection>> connect, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Math.Min(options.ReplyTimeout.TotalSeconds, 90));
        long start = 0;
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listeners = slots.Where(s => s?.IdleTag is not null).Select(slot => Task.Run(async () =>
        {
            // Read what the server pushes during IDLE until its EXISTS; "* OK Still here" and the like are skipped.
            for (int i = 0; i < 100; i++)
            {
                ImapResponse pushed = await slot.Connection!.ReadResponseAsync().ConfigureAwait(false);
                if (pushed.Kind == ImapResponseKind.Untagged && pushed.Keyword == "EXISTS")
                {
                    slot.NotifiedAfter = Stopwatch.GetElapsedTime(Volatile.Read(ref start));
                    return;
                }
            }
        }, abandon.Token)).ToList();

        string? refusal = null;
        Volatile.Write(ref start, Stopwatch.GetTimestamp());
        try
        {
            await using BenchImapConnection writer = await connect().ConfigureAwait(false);
            await writer.LoginAsync(user, password, refreshCapabilities: true).ConfigureAwait(false);
            byte[] message = Encoding.ASCII.GetBytes(
                "From: <wake@example.test>\r\nTo: <idle@example.test>\r\nSubject: wake up\r\nMessage-ID: <wake." + Guid.NewGuid().ToString("N") + "@bench>\r\n\r\nnew mail\r\n");
            bool nonSync = writer.Capabilities.Contains("LITERAL+") || writer.Capabilities.Contains("LITERAL-");
            string tag = writer.NextTag();
            var builder = new ImapCommandBuilder().Text($"{tag} APPEND {BenchImapConnection.Quote(options.IdleMailbox)} {{{message.Length}{(nonSync ? "+" : "")}}}\r\n");
            if (nonSync)
            {
                builder.Octets(message).Text("\r\n");
                await writer.SendAsync(builder.Written).ConfigureAwait(false);
            }
            else
            {
                await writer.SendAsync(builder.Written).ConfigureAwait(false);
                ImapResponse go = await writer.ReadResponseAsync().ConfigureAwait(false);
                if (go.Kind != ImapResponseKind.Continuation)
                    throw new ImapCommandFailedException("APPEND", go);
                await writer.SendAsync(new ImapCommandBuilder().Octets(message).Text("\r\n").Written).ConfigureAwait(false);
            }
            ImapResponse appended = await writer.ReadUntilTaggedAsync(tag, "APPEND").ConfigureAwait(false);
            if (!appended.IsOk)
                refusal = appended.ToString();
            else
                await writer.CommandAsync("LOGOUT").ConfigureAwait(false);
        }
        catch (ImapCommandFailedException e)
        {
            refusal = e.Answer.ToString();
        }

        if (refusal is null)
            await Task.WhenAny(Task.WhenAll(listeners), Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        int notified = slots.Count(s => s?.NotifiedAfter >= TimeSpan.Zero);
        double[] latencies = [.. slots.Where(s => s?.NotifiedAfter >= TimeSpan.Zero).Select(s => s.NotifiedAfter.TotalMilliseconds)];

        // A connection still waiting (not told within the timeout, or the APPEND refused) has a read pending
        // that cannot be taken back: close it, it will not take part in DONE/LOGOUT.
        foreach (Slot slot in slots.Where(s => s?.IdleTag is not null && s.NotifiedAfter < TimeSpan.Zero))
        {
            await slot.Connection!.DisposeAsync().ConfigureAwait(false);
            slot.Connection = null;
        }
        await abandon.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(listeners).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or TimeoutException
                                      or InvalidDataException or System.Net.Sockets.SocketException)
        {
            // the abandoned ones
        }
        return new NotifyResult(slots.Count(s => s?.IdleTag is not null), notified, latencies, timeout, refusal);
    }
}

/// <summary>The wake-up check: how many idling connections heard of the new message, and how soon.</summary>
internal sealed record NotifyResult(int Listening, int Notified, double[] LatenciesMs, TimeSpan Timeout, string? AppendRefusal);

/// <summary>The idle phase's figures.</summary>
internal sealed record IdleResult(
    int Requested, int Open, int Idling, string? IdleRefusal, double[] SetupMs, TimeSpan OpenTime,
    ServerSnapshot? Before, ServerSnapshot? Held, long HeldMaxRssKiB, ServerSnapshot? After,
    NotifyResult? Notify, int ClosedCleanly, TimeSpan CloseTime,
    IReadOnlyList<KeyValuePair<string, int>> Failures, string? FirstFailure, long ClientGrowthKiB);
