using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Imap;

/// <summary>
/// Fills a mailbox with generated messages by APPEND (RFC 9051 §6.3.12). Several connections append at once,
/// connection <c>c</c> of <c>C</c> taking messages <c>c, c+C, c+2C…</c>; each pipelines up to a window of
/// APPENDs with non-synchronising literals when the server allows them (RFC 7888: <c>LITERAL+</c> for any size,
/// <c>LITERAL-</c> up to 4096 octets) and otherwise waits for each <c>+</c> continuation. One in three
/// messages is appended unread, the others with <c>\Seen</c>. The first NO or BAD stops the whole filling.
/// </summary>
internal static class MailboxPopulator
{
    private const int LiteralMinusLimit = 4096; // RFC 7888 §4

    /// <summary>
    /// Appends messages <paramref name="from"/> … <paramref name="to"/>−1 of <paramref name="generator"/> to
    /// <paramref name="mailbox"/>, over connections opened by <paramref name="connect"/>.
    /// </summary>
    public static async Task<PopulateResult> RunAsync(Func<Task<BenchImapConnection>> connect, BenchMailGenerator generator,
        string mailbox, int from, int to, int connections, int window, TextWriter progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        int appended = 0;
        long octets = 0;
        ImapCommandFailedException? refusal = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int total = to - from;
        int nextReport = Math.Max(1, total / 10);
        object gate = new();

        void Appended(int size)
        {
            lock (gate)
            {
                appended++;
                octets += size;
                if (appended % nextReport == 0)
                    progress.WriteLine($"  populate: {appended}/{total} appended ({stopwatch.Elapsed.TotalSeconds:0.0} s)");
            }
        }

        async Task WorkerAsync(int worker)
        {
            await using BenchImapConnection connection = await connect().ConfigureAwait(false);
            bool literalPlus = connection.Capabilities.Contains("LITERAL+");
            bool literalMinus = connection.Capabilities.Contains("LITERAL-");
            string prefix = $" APPEND {BenchImapConnection.Quote(mailbox)} ";
            var builder = new ImapCommandBuilder();
            var inFlight = new Queue<(string Tag, int Size)>();

            async Task CompleteOneAsync()
            {
                (string tag, int size) = inFlight.Dequeue();
                ImapResponse answer = await connection.ReadUntilTaggedAsync(tag, "APPEND").ConfigureAwait(false);
                if (!answer.IsOk)
                    throw new ImapCommandFailedException($"APPEND {mailbox}", answer);
                Appended(size);
            }

            for (int index = from + worker; index < to && !stop.IsCancellationRequested; index += connections)
            {
                byte[] message = generator.Message(index);
                string flags = index % 3 == 0 ? "() " : "(\\Seen) ";
                string tag = connection.NextTag();
                bool nonSync = literalPlus || (literalMinus && message.Length <= LiteralMinusLimit);
                builder.Clear();
                if (nonSync)
                {
                    builder.Text(tag).Text(prefix).Text(flags).Text($"{{{message.Length.ToString(CultureInfo.InvariantCulture)}+}}\r\n")
                        .Octets(message).Text("\r\n");
                    await connection.SendAsync(builder.Written).ConfigureAwait(false);
                    inFlight.Enqueue((tag, message.Length));
                    if (inFlight.Count >= window)
                        await CompleteOneAsync().ConfigureAwait(false);
                    continue;
                }

                // A synchronising literal: everything sent before must be answered first, so that the next
                // continuation request is this command's (RFC 9051 §7.5).
                while (inFlight.Count > 0)
                    await CompleteOneAsync().ConfigureAwait(false);
                builder.Text(tag).Text(prefix).Text(flags).Text($"{{{message.Length.ToString(CultureInfo.InvariantCulture)}}}\r\n");
                await connection.SendAsync(builder.Written).ConfigureAwait(false);
                ImapResponse go = await connection.ReadResponseAsync().ConfigureAwait(false);
                while (go.Kind == ImapResponseKind.Untagged)
                    go = await connection.ReadResponseAsync().ConfigureAwait(false);
                if (go.Kind == ImapResponseKind.Tagged)
                    throw new ImapCommandFailedException($"APPEND {mailbox}", go);
                builder.Clear();
                builder.Octets(message).Text("\r\n");
                await connection.SendAsync(builder.Written).ConfigureAwait(false);
                inFlight.Enqueue((tag, message.Length));
                await CompleteOneAsync().ConfigureAwait(false);
            }
            while (inFlight.Count > 0)
                await CompleteOneAsync().ConfigureAwait(false);
            await connection.CommandAsync("LOGOUT").ConfigureAwait(false);
        }

        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(connections, total))).Select(async worker =>
        {
            try
            {
                await WorkerAsync(worker).ConfigureAwait(false);
            }
            catch (ImapCommandFailedException e)
            {
                lock (gate)
                    refusal ??= e;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new PopulateResult(appended, octets, stopwatch.Elapsed, refusal);
    }
}

/// <summary>What populating did: messages and octets appended, in how long, and the refusal that stopped it, if any.</summary>
internal sealed record PopulateResult(int Appended, long Octets, TimeSpan Elapsed, ImapCommandFailedException? Refusal);
