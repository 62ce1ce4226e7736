using System.Collections.Concurrent;
using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// kill -9 during concurrent sends: after a restart every message that got its 250 is in the mailbox,
/// byte for byte, and nothing half-written is visible.
/// </summary>
public class CrashSafetyTests
{
    private const int Senders = 8;
    private const int KillAfterAcknowledged = 80;

    [Fact]
    public async Task Every_acknowledged_message_survives_kill_9()
    {
        string data = Directory.CreateTempSubdirectory("wren-crash-").FullName;
        try
        {
            var acknowledged = new ConcurrentDictionary<string, string>();
            var sent = new ConcurrentDictionary<string, string>();
            await using (var server = await WrenServerProcess.StartAsync(data))
            {
                await server.AddUsersAsync("bob@example.test");
                using var enough = new CancellationTokenSource();
                int next = 0;
                Task[] senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
                {
                    while (!enough.IsCancellationRequested)
                    {
                        int n = Interlocked.Increment(ref next);
                        // Sizes vary across the store's in-memory and spilled-to-file paths.
                        string body = string.Concat(Enumerable.Repeat($"line {n} of a message that must not be lost\r\n", 20 + (n % 7) * 1500));
                        string subject = $"crash-{n}";
                        sent[subject] = body;
                        try
                        {
                            if (await SendAsync(server, subject, body))
                                acknowledged[subject] = body;
                        }
                        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException)
                        {
                            return;
                        }
                        if (acknowledged.Count >= KillAfterAcknowledged)
                            enough.Cancel();
                    }
                })).ToArray();
                await enough.Token.WhenCanceledAsync(TimeSpan.FromSeconds(120));
                await server.KillAsync();
                await Task.WhenAll(senders);
            }
            Assert.True(acknowledged.Count >= KillAfterAcknowledged);

            await using var restarted = await WrenServerProcess.StartAsync(data);
            var stored = await restarted.ReadMailAsync("bob@example.test");
            var bySubject = stored.ToDictionary(m => m.Info.Subject!, m => Encoding.UTF8.GetString(m.Bytes));
            foreach (var (subject, body) in acknowledged)
            {
                Assert.True(bySubject.TryGetValue(subject, out string? text), $"{subject} was acknowledged but is missing");
                Assert.EndsWith($"Subject: {subject}\r\n\r\n{body}", text);
            }
            foreach (var (subject, text) in bySubject)
                Assert.EndsWith($"Subject: {subject}\r\n\r\n{sent[subject]}", text);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<bool> SendAsync(WrenServerProcess server, string subject, string body)
    {
        await using var c = await RawSmtpClient.ConnectAsync(server.Smtp);
        if (await c.ReadReplyAsync() is not { } greeting || !greeting.StartsWith("220"))
            return false;
        await c.SendAsync("EHLO crash.test\r\nMAIL FROM:<load@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        for (int i = 0; i < 4; i++)
        {
            if (await c.ReadReplyAsync() is not { } reply || reply[0] is not ('2' or '3'))
                return false;
        }
        string? final = await c.CommandAsync($"Subject: {subject}\r\n\r\n{body}.");
        return final?.StartsWith("250") == true;
    }
}

internal static class CancellationTokenExtensions
{
    /// <summary>Completes when the token is cancelled, or throws after <paramref name="limit"/>.</summary>
    public static Task WhenCanceledAsync(this CancellationToken token, TimeSpan limit)
    {
        var done = new TaskCompletionSource();
        token.Register(() => done.TrySetResult());
        return done.Task.WaitAsync(limit);
    }
}
