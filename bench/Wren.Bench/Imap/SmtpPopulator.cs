using System.Diagnostics;
using System.Net;
using Wren.Bench.Smtp;

namespace Wren.Bench.Imap;

/// <summary>
/// Fills a mailbox by SMTP delivery instead of APPEND, for a server whose IMAP APPEND is missing or slow: the
/// same generated messages, sent to the mailbox owner's address over several connections (connection
/// <c>c</c> of <c>C</c> sending messages <c>c, c+C…</c>), several transactions per connection (RFC 5321:
/// MAIL, RCPT, DATA, the dot-stuffed message, then the next MAIL). The receiving server prepends its trace
/// fields (Return-Path, Received), so each stored message is a few hundred octets longer than by APPEND; the
/// searched words and the message count are the same.
/// </summary>
internal static class SmtpPopulator
{
    /// <summary>Delivers messages <paramref name="from"/> … <paramref name="to"/>−1 to <paramref name="recipient"/> through <paramref name="smtp"/>.</summary>
    public static async Task<PopulateResult> RunAsync(IPEndPoint smtp, string recipient, BenchMailGenerator generator, int from, int to,
        int connections, TimeSpan timeout, TextWriter progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        int delivered = 0;
        long octets = 0;
        string? refusal = null;
        object gate = new();
        int total = to - from;
        int nextReport = Math.Max(1, total / 10);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        byte[] ehlo = "EHLO bench.wren.test\r\n"u8.ToArray();
        byte[] mail = "MAIL FROM:<bench-populate@example.test>\r\n"u8.ToArray();
        byte[] rcpt = System.Text.Encoding.ASCII.GetBytes($"RCPT TO:<{recipient}>\r\n");
        byte[] data = "DATA\r\n"u8.ToArray();

        async Task WorkerAsync(int worker)
        {
            await using BenchSmtpConnection connection = await BenchSmtpConnection.ConnectAsync(smtp, timeout, stop.Token).ConfigureAwait(false);
            int code = await connection.ReadReplyAsync().ConfigureAwait(false);
            if (code != 220 || (code = await connection.SendAsync(ehlo).ConfigureAwait(false)) != 250)
                throw new InvalidOperationException($"SMTP greeting/EHLO answered {code}");
            for (int index = from + worker; index < to && !stop.IsCancellationRequested; index += connections)
            {
                byte[] message = generator.Message(index);
                if ((code = await connection.SendAsync(mail).ConfigureAwait(false)) != 250
                    || (code = await connection.SendAsync(rcpt).ConfigureAwait(false)) is not (250 or 251)
                    || (code = await connection.SendAsync(data).ConfigureAwait(false)) != 354
                    || (code = await connection.SendAsync(DotStuffed(message)).ConfigureAwait(false)) != 250)
                    throw new InvalidOperationException($"SMTP refused message {index} with {code}");
                lock (gate)
                {
                    delivered++;
                    octets += message.Length;
                    if (delivered % nextReport == 0)
                        progress.WriteLine($"  populate (SMTP): {delivered}/{total} delivered ({stopwatch.Elapsed.TotalSeconds:0.0} s)");
                }
            }
            await connection.SendAsync("QUIT\r\n"u8.ToArray()).ConfigureAwait(false);
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(connections, total))).Select(async worker =>
        {
            try
            {
                await WorkerAsync(worker).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or OperationCanceledException
                                          or InvalidDataException or System.Net.Sockets.SocketException)
            {
                lock (gate)
                    refusal ??= e.Message;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        return new PopulateResult(delivered, octets, stopwatch.Elapsed,
            refusal is null ? null : new ImapCommandFailedException("SMTP delivery", new ImapResponse { Kind = ImapResponseKind.Untagged, Keyword = "NO", Text = refusal }));
    }

    // RFC 5321 §4.5.2: a line that starts with "." gets another; then the terminating "." line.
    private static byte[] DotStuffed(byte[] message)
    {
        using var stuffed = new MemoryStream(message.Length + 16);
        bool lineStart = true;
        foreach (byte b in message)
        {
            if (lineStart && b == (byte)'.')
                stuffed.WriteByte((byte)'.');
            stuffed.WriteByte(b);
            lineStart = b == (byte)'\n';
        }
        if (!lineStart)
            stuffed.Write("\r\n"u8);
        stuffed.Write(".\r\n"u8);
        return stuffed.ToArray();
    }
}
