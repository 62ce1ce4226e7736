using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>MailKit's Pop3Client, an independent implementation, against both POP3 listeners.</summary>
public class MailKitPop3Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private static Pop3Client NewClient() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true };

    private async Task<Pop3Client> ConnectAsync(string user, bool implicitTls = false, bool scram = true)
    {
        var client = NewClient();
        var endpoint = implicitTls ? Server.Pop3s : Server.Pop3;
        await client.ConnectAsync(endpoint.Address.ToString(), endpoint.Port,
            implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        if (scram)
            await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
        else
            await client.AuthenticateAsync(new SaslMechanismPlain(user, WrenServerProcess.Password));
        return client;
    }

    [Fact]
    public async Task Starttls_scram_downloads_mail_delivered_by_smtp_byte_for_byte()
    {
        string user = await Server.NewUserAsync();
        var subjects = new List<string>();
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(Server.Smtp.Address.ToString(), Server.Smtp.Port, SecureSocketOptions.None);
            for (int i = 0; i < 3; i++)
            {
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse("someone@remote.test"));
                message.To.Add(MailboxAddress.Parse(user));
                message.Subject = $"mailkit {i} {Guid.NewGuid():N}";
                message.Body = new TextPart("plain") { Text = $"Hello {i}.\n.a line with a leading dot\n..\n" };
                subjects.Add(message.Subject);
                await smtp.SendAsync(message);
            }
            await smtp.DisconnectAsync(true);
        }
        var stored = await Server.ReadMailAsync(user);

        using var client = NewClient();
        await client.ConnectAsync(Server.Pop3.Address.ToString(), Server.Pop3.Port, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        Assert.Contains("SCRAM-SHA-256", client.AuthenticationMechanisms);
        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
        Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.UIDL));
        Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.Top));
        Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.Pipelining));
        Assert.Equal("Wren", client.Implementation);

        Assert.Equal(3, client.Count);
        Assert.Equal(stored.Select(m => (int)m.Info.Size), await client.GetMessageSizesAsync());
        var uids = await client.GetMessageUidsAsync();
        Assert.Equal(3, uids.Distinct().Count());
        for (int i = 0; i < 3; i++)
        {
            using var stream = await client.GetStreamAsync(i);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(stored[i].Bytes, copy.ToArray());
            var message = await client.GetMessageAsync(i);
            Assert.Equal(subjects[i], message.Subject);
            Assert.Contains(".a line with a leading dot", message.TextBody);
            var headers = await client.GetMessageHeadersAsync(i);
            Assert.Equal(subjects[i], headers[HeaderId.Subject]);
        }
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Implicit_tls_plain_delete_and_quit_removes_and_a_new_session_sees_it_gone()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("keep 1"), Pop3Messages.Create("delete me"), Pop3Messages.Create("keep 2"));
        using (var client = await ConnectAsync(user, implicitTls: true, scram: false))
        {
            Assert.Equal(3, client.Count);
            string deletedUid = await client.GetMessageUidAsync(1);
            await client.DeleteMessageAsync(1);
            await client.DisconnectAsync(true);

            using var again = await ConnectAsync(user, implicitTls: true);
            Assert.Equal(2, again.Count);
            Assert.DoesNotContain(deletedUid, await again.GetMessageUidsAsync());
            Assert.Equal(["keep 1", "keep 2"], (await again.GetMessagesAsync([0, 1])).Select(m => m.Subject));
            await again.DisconnectAsync(true);
        }
        Assert.Equal(["keep 1", "keep 2"], (await Server.ReadMailAsync(user)).Select(m => m.Info.Subject));
    }

    [Fact]
    public async Task A_dropped_connection_after_dele_deletes_nothing()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("one"), Pop3Messages.Create("two"));
        using (var client = await ConnectAsync(user))
        {
            await client.DeleteMessagesAsync([0, 1]);
            await client.DisconnectAsync(false); // no QUIT: the session never enters UPDATE
        }
        Assert.Equal(["one", "two"], (await Server.ReadMailAsync(user)).Select(m => m.Info.Subject));

        // Once the server noticed the drop, the maildrop is free again and still whole.
        for (int attempt = 0; ; attempt++)
        {
            using var client = NewClient();
            await client.ConnectAsync(Server.Pop3s.Address.ToString(), Server.Pop3s.Port, SecureSocketOptions.SslOnConnect);
            try
            {
                await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
            }
            catch (Exception ex) when (attempt < 50 && ex is AuthenticationException or Pop3CommandException or Pop3ProtocolException)
            {
                await Task.Delay(100);
                continue;
            }
            Assert.Equal(2, client.Count);
            await client.DisconnectAsync(true);
            break;
        }
    }

    [Fact]
    public async Task A_large_message_is_fetched_exactly()
    {
        string user = await Server.NewUserAsync();
        byte[] large = Pop3Messages.Create("large", 5, 5 * 1024 * 1024);
        await Server.DeliverAsync(user, large);
        using var client = await ConnectAsync(user);
        using var stream = await client.GetStreamAsync(0);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(large, copy.ToArray());
        await client.DisconnectAsync(true);
    }
}
