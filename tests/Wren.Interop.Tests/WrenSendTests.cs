using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary><c>wren send</c>, Wren's SMTP client as a command, against the real <c>wren serve</c> and against aiosmtpd.</summary>
public class WrenSendTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly WrenCli _cli = new();

    private WrenServerProcess Server => fixture.Server;

    public void Dispose() => _cli.Dispose();

    private string WriteFile(string name, byte[] content)
    {
        string path = Path.Combine(_cli.DataDirectory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertAttachment(MimeMessage message, string fileName, byte[] expected, string mediaType)
    {
        MimePart part = message.Attachments.OfType<MimePart>().Single(a => a.FileName == fileName);
        Assert.Equal(mediaType, part.ContentType.MimeType);
        var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        Assert.Equal(expected, decoded.ToArray());
    }

    [Fact]
    public async Task Send_with_STARTTLS_AUTH_and_an_attachment_through_wren_serve_arrives_intact()
    {
        string subject = "wren send " + Guid.NewGuid().ToString("N");
        byte[] payload = RandomNumberGenerator.GetBytes(30_000);
        string attachment = WriteFile("report.pdf", payload);
        string html = WriteFile("body.html", "<p>Hello <b>Bob</b></p>"u8.ToArray());

        var result = await _cli.RunRawAsync(
        [
            "send", "--server", $"127.0.0.1:{Server.Submission.Port}", "--starttls", "--insecure",
            "--user", "alice@example.test", "--password-stdin",
            "--from", "Alice <alice@example.test>", "--to", "bob@example.test", "--bcc", "carol@example.test",
            "--subject", subject, "--body", "Hello Bob, see the report.", "--html-file", html, "--attach", attachment, "--helo", "client.test",
        ], WrenServerProcess.Password + "\n");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.StartsWith("250 ", result.StandardOutput);

        foreach (string user in new[] { "bob@example.test", "carol@example.test" })
        {
            byte[] stored = (await Server.ReadMailAsync(user)).Single(m => m.Info.Subject == subject).Bytes;
            string text = Encoding.UTF8.GetString(stored);
            Assert.Contains("with ESMTPSA", text);
            Assert.Contains("(authenticated as alice@example.test)", text);
            Assert.DoesNotContain("carol@example.test", text[text.IndexOf("\r\nFrom:", StringComparison.Ordinal)..]); // Bcc not transmitted
            var message = MimeMessage.Load(new MemoryStream(stored));
            Assert.Equal("Hello Bob, see the report.", message.TextBody!.TrimEnd());
            Assert.Equal("<p>Hello <b>Bob</b></p>", message.HtmlBody!.TrimEnd());
            AssertAttachment(message, "report.pdf", payload, "application/pdf");
        }
    }

    [Fact]
    public async Task Refused_recipient_exits_non_zero_and_quotes_the_reply()
    {
        var result = await _cli.RunRawAsync(
        [
            "send", "--server", $"127.0.0.1:{Server.Smtp.Port}", "--insecure",
            "--from", "someone@remote.test", "--to", "bob@example.test", "--to", "nobody@example.test", "--subject", "partly", "--body", "hi",
        ]);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("recipient nobody@example.test refused at RCPT TO: 550 5.1.1", result.StandardError);
    }

    [Fact]
    public async Task Unreachable_server_names_the_connect_step()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var result = await _cli.RunRawAsync(["send", "--server", $"127.0.0.1:{port}", "--from", "a@example.test", "--to", "b@example.test", "--subject", "x"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("connecting failed: cannot connect to 127.0.0.1 port", result.StandardError);
    }

    [Fact]
    public async Task Send_to_aiosmtpd_delivers_the_envelope_and_the_message()
    {
        Assert.True(AiosmtpdServer.IsAvailable, "python3-aiosmtpd is needed (apt-get install python3-aiosmtpd)");
        await using var peer = await AiosmtpdServer.StartAsync();
        byte[] payload = Encoding.UTF8.GetBytes("col1,col2\nä,ö\n");
        string attachment = WriteFile("data.csv", payload);

        var result = await _cli.RunRawAsync(
        [
            "send", "--server", $"127.0.0.1:{peer.Port}", "--from", "sender@example.test", "--to", "one@example.test",
            "--cc", "two@example.test", "--subject", "to aiosmtpd", "--body", "Grüße aus Wren", "--attach", attachment,
        ]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("250 Message accepted for delivery", result.StandardOutput);
        var (envelope, content) = Assert.Single(peer.Messages());
        Assert.Equal(["sender@example.test", "one@example.test", "two@example.test"], envelope);
        var message = MimeMessage.Load(new MemoryStream(content));
        Assert.Equal("to aiosmtpd", message.Subject);
        Assert.Equal("Grüße aus Wren", message.TextBody!.TrimEnd());
        AssertAttachment(message, "data.csv", payload, "text/csv");
    }
}
