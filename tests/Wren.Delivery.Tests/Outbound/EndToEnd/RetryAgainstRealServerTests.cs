using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Delivery.Outbound;
using Wren.Delivery.Outbound.Routing;
using Wren.Testing.Dns;

namespace Wren.Delivery.Tests.Outbound.EndToEnd;

/// <summary>
/// The whole outbound path in one process — store, scheduler, MX routing, the real SMTP transport and
/// Wren's real SMTP server as the remote — on a fake clock: the retry happens when the clock says so.
/// </summary>
public sealed class RetryAgainstRealServerTests
{
    private static readonly IPAddress RemoteAddress = IPAddress.Parse("127.0.0.5");

    private static async Task<OutboundFixture> StartAsync(int port)
    {
        var dns = new FakeDnsResolver();
        dns.AddMx("b.test", 10, "mx.b.test");
        dns.AddA("mx.b.test", RemoteAddress.ToString());
        return await OutboundFixture.StartAsync(
            (time, options) => new SmtpTransport(new MxResolver(dns), tlsPolicy: null, options, new SmarthostOptions(), "mx.a.test", time,
                NullLogger.Instance),
            options => options.Port = port);
    }

    [Fact]
    public async Task A_server_that_was_down_gets_the_message_exactly_once_when_the_retry_wait_is_over()
    {
        int port = RecordingSmtpServer.FreePort(RemoteAddress);
        await using var test = await StartAsync(port);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"], "while-down");

        // Round 1: nothing listens at mx.b.test yet.
        Assert.False((await test.Round(id, 1)).Removed);
        var entry = (await test.Store.Queue.GetAsync(id))!;
        Assert.Contains($"mx.b.test[{RemoteAddress}]", entry.Recipients[0].LastError);
        Assert.Equal(test.Time.GetUtcNow() + test.Options.RetryInitial, entry.NextAttemptAt);

        // The server comes up; the next round waits for the clock, not for wall time.
        await using var remote = RecordingSmtpServer.Start(new IPEndPoint(RemoteAddress, port));
        test.Advance(test.Options.RetryInitial);
        Assert.True((await test.Round(id, 2)).Removed);

        var (envelope, content) = Assert.Single(remote.Messages);
        Assert.Equal("alice@a.test", envelope.Sender?.ToString());
        Assert.Equal("bob@b.test", Assert.Single(envelope.Recipients).Address.ToString());
        string text = Encoding.ASCII.GetString(content);
        Assert.Contains("Subject: while-down\r\n", text);
        Assert.DoesNotContain("Return-Path:", text); // the queue's own trace line stays home
        Assert.Empty(await test.Store.Queue.ListAsync());
    }

    [Fact]
    public async Task Two_recipients_at_one_domain_travel_in_one_transaction()
    {
        int port = RecordingSmtpServer.FreePort(RemoteAddress);
        await using var remote = RecordingSmtpServer.Start(new IPEndPoint(RemoteAddress, port));
        await using var test = await StartAsync(port);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test", "carol@b.test"], "two");

        Assert.True((await test.Round(id, 1)).Removed);
        var (envelope, _) = Assert.Single(remote.Messages);
        Assert.Equal(["bob@b.test", "carol@b.test"], envelope.Recipients.Select(r => r.Address.ToString()));
    }
}
