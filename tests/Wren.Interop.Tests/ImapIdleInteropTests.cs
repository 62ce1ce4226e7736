using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// IDLE and COMPRESS with MailKit's ImapClient on a real <c>wren serve</c>: mail delivered over SMTP reaches an
/// idling client at once, pushed from the store's change feed.
/// </summary>
public class ImapIdleInteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private async Task SendOverSmtpAsync(string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@elsewhere.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Delivered while you idle." };
        using var smtp = new MailKit.Net.Smtp.SmtpClient();
        await smtp.ConnectAsync(Server.Smtp.Address.ToString(), Server.Smtp.Port, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    [Fact]
    public async Task Mail_delivered_over_smtp_is_announced_to_an_idling_client()
    {
        string user = await Server.NewUserAsync("idle");
        using var client = await ImapLogin.LoginAsync(Server, user);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Idle));
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, client.Inbox.Count);

        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var announced = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Inbox.CountChanged += (_, _) =>
        {
            if (client.Inbox.Count > 0)
            {
                announced.TrySetResult(client.Inbox.Count);
                done.Cancel();
            }
        };
        Task idle = client.IdleAsync(done.Token);
        await SendOverSmtpAsync(user, "while idling");
        await idle;
        Assert.Equal(1, await announced.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(client.IsConnected);
        await client.NoOpAsync();
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task A_compressed_session_selects_and_idles()
    {
        string user = await Server.NewUserAsync("deflate");
        using var client = await ImapLogin.LoginAsync(Server, user);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Compress));
        await client.CompressAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        client.Inbox.CountChanged += (_, _) => done.Cancel();
        Task idle = client.IdleAsync(done.Token);
        await SendOverSmtpAsync(user, "compressed");
        await idle;
        Assert.Equal(1, client.Inbox.Count);
        await client.DisconnectAsync(true);
    }
}
