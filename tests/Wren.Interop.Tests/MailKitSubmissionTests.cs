using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>MailKit's SmtpClient, an independent implementation, against the three listeners.</summary>
public class MailKitSubmissionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private static SmtpClient NewClient() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true };

    private static MimeMessage TextMessage(string subject, string from = "alice@example.test", string to = "bob@example.test")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Hello from MailKit.\n" };
        return message;
    }

    private async Task<string> StoredTextAsync(string user, string subject) =>
        Encoding.UTF8.GetString((await Server.ReadMailAsync(user)).Single(m => m.Info.Subject == subject).Bytes);

    [Fact]
    public async Task Submission_with_starttls_and_scram_auth_delivers_with_trace_headers()
    {
        string subject = "starttls " + Guid.NewGuid().ToString("N");
        using var client = NewClient();
        await client.ConnectAsync(Server.Submission.Address.ToString(), Server.Submission.Port, SecureSocketOptions.StartTls);
        Assert.Contains("SCRAM-SHA-256", client.AuthenticationMechanisms);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
        await client.AuthenticateAsync(new SaslMechanismScramSha256("alice@example.test", WrenServerProcess.Password));
        var message = TextMessage(subject);
        message.Headers.Remove(HeaderId.MessageId);
        message.Headers.Remove(HeaderId.Date);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        string stored = await StoredTextAsync("bob@example.test", subject);
        Assert.StartsWith("Return-Path: <alice@example.test>\r\nReceived: from ", stored);
        Assert.Matches(@"with ESMTPSA id \w+\r\n\t\(using TLSv1\.[23] with cipher TLS_\w+\)\r\n\t\(authenticated as alice@example\.test\)", stored);
        // RFC 6409 §8: the submission server added the missing Date and Message-ID.
        var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(stored)));
        Assert.EndsWith("@" + WrenServerProcess.Hostname, parsed.MessageId);
        Assert.NotNull(parsed.Headers[HeaderId.Date]);
    }

    [Fact]
    public async Task Submissions_with_implicit_tls_and_plain_auth_delivers()
    {
        string subject = "implicit " + Guid.NewGuid().ToString("N");
        using var client = NewClient();
        await client.ConnectAsync(Server.Submissions.Address.ToString(), Server.Submissions.Port, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(new SaslMechanismPlain("alice@example.test", WrenServerProcess.Password));
        await client.SendAsync(TextMessage(subject));
        await client.DisconnectAsync(true);
        Assert.Contains("with ESMTPSA", await StoredTextAsync("bob@example.test", subject));
    }

    [Fact]
    public async Task Login_mechanism_works_and_a_wrong_password_is_refused()
    {
        using var client = NewClient();
        await client.ConnectAsync(Server.Submissions.Address.ToString(), Server.Submissions.Port, SecureSocketOptions.SslOnConnect);
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() =>
            client.AuthenticateAsync(new SaslMechanismLogin("carol@example.test", "not the password")));
        Assert.Contains("5.7.8", ex.Message + (ex.InnerException?.Message ?? ""), StringComparison.Ordinal);
        await client.AuthenticateAsync(new SaslMechanismLogin("carol@example.test", WrenServerProcess.Password));
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Port_25_delivers_to_a_local_user_without_auth()
    {
        string subject = "mx " + Guid.NewGuid().ToString("N");
        using var client = NewClient();
        await client.ConnectAsync(Server.Smtp.Address.ToString(), Server.Smtp.Port, SecureSocketOptions.None);
        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        await client.SendAsync(TextMessage(subject, from: "someone@remote.test"));
        await client.DisconnectAsync(true);
        Assert.Contains("with ESMTP id", await StoredTextAsync("bob@example.test", subject));
    }

    [Fact]
    public async Task Submission_refuses_a_sender_the_user_does_not_own()
    {
        using var client = NewClient();
        await client.ConnectAsync(Server.Submissions.Address.ToString(), Server.Submissions.Port, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync("alice@example.test", WrenServerProcess.Password);
        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(TextMessage("spoof", from: "bob@example.test")));
        Assert.Equal(SmtpErrorCode.SenderNotAccepted, ex.ErrorCode);
    }

    [Fact]
    public async Task Multipart_with_binary_attachment_arrives_byte_identical()
    {
        string subject = "attachment " + Guid.NewGuid().ToString("N");
        byte[] payload = RandomNumberGenerator.GetBytes(40_000);
        var message = TextMessage(subject, from: "alice@example.test", to: "carol@example.test");
        var builder = new BodyBuilder { TextBody = "See attached.\n" };
        builder.Attachments.Add("blob.bin", payload, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();
        var sent = new MemoryStream();
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, sent);

        using var client = NewClient();
        await client.ConnectAsync(Server.Smtp.Address.ToString(), Server.Smtp.Port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        byte[] stored = (await Server.ReadMailAsync("carol@example.test")).Single(m => m.Info.Subject == subject).Bytes;
        byte[] expected = sent.ToArray();
        Assert.True(stored.AsSpan().EndsWith(expected), "the stored message ends with exactly the bytes MailKit sent");
        var parsed = MimeMessage.Load(new MemoryStream(stored));
        var attachment = (MimePart)parsed.Attachments.Single();
        var decoded = new MemoryStream();
        attachment.Content!.DecodeTo(decoded);
        Assert.Equal(payload, decoded.ToArray());
    }
}
