using System.Net;
using System.Security.Authentication;
using System.Text;
using MimeKit;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Net.Sasl.Client;
using Wren.Smtp.Client;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests.Client;

/// <summary>The client against Wren's own SMTP server, in-process.</summary>
public class SmtpClientTests
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes(
        "From: a@example.test\r\nTo: b@example.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n");

    private static SmtpClientOptions Options(SmtpTlsMode tls = SmtpTlsMode.None, bool chunking = true) => new()
    {
        LocalHostName = "client.test",
        Tls = tls,
        TlsServerName = "server.test",
        CertificateValidation = ClientTestServer.AcceptTestCertificate,
        UseChunking = chunking,
    };

    private static Envelope To(params string[] recipients) => new()
    {
        Sender = EmailAddress.Parse("a@example.test"),
        Recipients = recipients.Select(r => new EnvelopeRecipient(EmailAddress.Parse(r))).ToArray(),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Message_arrives_byte_for_byte_over_BDAT_and_over_dot_stuffed_DATA(bool chunking)
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, "server.test", Options(chunking: chunking));
        Assert.Equal(220, client.Greeting.Code);
        Assert.True(client.Capabilities.Pipelining);
        Assert.True(client.Capabilities.Chunking);
        Assert.True(client.Capabilities.EnhancedStatusCodes);
        Assert.Equal(64L * 1024 * 1024, client.Capabilities.Size);

        SmtpTransactionResult result = await client.SendAsync(To("b@example.test"), new MemoryStream(Content));

        Assert.True(result.AllAccepted);
        Assert.Equal("2.1.0", result.MailReply.EnhancedCode);
        Assert.Equal("Queued", result.DataReply!.Text);
        ClientTestServer.Received received = Assert.Single(server.Handler.Messages);
        Assert.True(received.Content.AsSpan().EndsWith(Content), "the server stored exactly the content (after its trace header)");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_stream_of_unknown_length_goes_in_many_chunks_and_arrives_intact(bool chunking)
    {
        // 3 MB with period-led lines everywhere, read in short odd-sized pieces: many BDAT chunks (or DATA
        // buffers), stuffing across buffer boundaries, and no SIZE= since the length is unknown.
        var text = new StringBuilder("Subject: large\r\n\r\n");
        for (int i = 0; text.Length < 3_000_000; i++)
            text.Append(i % 3 == 0 ? "." : "").Append("line ").Append(i).Append(new string('x', i % 200)).Append("\r\n");
        byte[] content = Encoding.ASCII.GetBytes(text.ToString());
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options(chunking: chunking));
        SmtpTransactionResult result = await client.SendAsync(To("b@example.test"), new NonSeekableStream(content, 7001));
        Assert.True(result.AllAccepted);
        Assert.True(server.Handler.Messages.Single().Content.AsSpan().EndsWith(content));
        Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(Content))).AllAccepted);
    }

    [Fact]
    public async Task Content_without_final_CRLF_is_terminated_properly()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options(chunking: false));
        byte[] content = Encoding.ASCII.GetBytes("Subject: x\r\n\r\nno newline at the end");
        SmtpTransactionResult result = await client.SendAsync(To("b@example.test"), new MemoryStream(content));
        Assert.True(result.AllAccepted);
        Assert.EndsWith("no newline at the end\r\n", Encoding.ASCII.GetString(server.Handler.Messages.Single().Content));
    }

    [Fact]
    public async Task One_of_two_recipients_refused_keeps_its_RCPT_reply_and_the_other_gets_the_final_reply()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        SmtpTransactionResult result = await client.SendAsync(To("b@example.test", "refuse-me@example.test"), new MemoryStream(Content));

        Assert.True(result.Recipients[0].Accepted);
        Assert.Equal("Queued", result.Recipients[0].Reply.Text);
        Assert.False(result.Recipients[1].Accepted);
        Assert.Equal(550, result.Recipients[1].Reply.Code);
        Assert.Equal("5.1.1", result.Recipients[1].Reply.EnhancedCode);
        Assert.Equal("b@example.test", Assert.Single(server.Handler.Messages.Single().Envelope.Recipients).Address.ToString());
    }

    [Fact]
    public async Task No_accepted_recipient_sends_no_content_and_the_session_goes_on()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        SmtpTransactionResult refused = await client.SendAsync(To("refuse-1@example.test", "refuse-2@example.test"), new MemoryStream(Content));
        Assert.Null(refused.DataReply);
        Assert.All(refused.Recipients, r => Assert.Equal(550, r.Reply.Code));
        Assert.Empty(server.Handler.Messages);

        Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(Content))).AllAccepted);
        Assert.Single(server.Handler.Messages);
    }

    [Fact]
    public async Task Refused_MAIL_is_a_result_carried_by_every_recipient()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        var envelope = To("b@example.test", "c@example.test") with { Sender = EmailAddress.Parse("refused-sender@example.test") };
        SmtpTransactionResult result = await client.SendAsync(envelope, new MemoryStream(Content));
        Assert.Equal(550, result.MailReply.Code);
        Assert.All(result.Recipients, r => Assert.Same(result.MailReply, r.Reply));
        Assert.Null(result.DataReply);
        Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(Content))).AllAccepted);
    }

    [Fact]
    public async Task Several_messages_on_one_connection()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        for (int i = 0; i < 5; i++)
        {
            byte[] content = Encoding.ASCII.GetBytes($"Subject: message {i}\r\n\r\nbody {i}\r\n");
            Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(content))).AllAccepted);
        }
        await client.ResetAsync();
        await client.QuitAsync();
        Assert.Equal(5, server.Handler.Messages.Count);
        Assert.Single(server.Handler.Messages.Select(m => m.Session.Id).Distinct());
    }

    [Fact]
    public async Task DSN_parameters_are_passed_xtext_encoded_when_the_server_offers_DSN()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        var envelope = new Envelope
        {
            Sender = EmailAddress.Parse("a@example.test"),
            Recipients = [new EnvelopeRecipient(EmailAddress.Parse("b@example.test"), DsnNotify.Success | DsnNotify.Failure,
                new OriginalRecipient("rfc822", "Original+Tag=x@example.test"))],
            Return = DsnReturn.Headers,
            EnvelopeId = "id with space+plus",
        };
        Assert.True((await client.SendAsync(envelope, new MemoryStream(Content))).AllAccepted);
        Envelope seen = server.Handler.Messages.Single().Envelope;
        Assert.Equal(DsnReturn.Headers, seen.Return);
        Assert.Equal("id with space+plus", seen.EnvelopeId);
        EnvelopeRecipient recipient = seen.Recipients.Single();
        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, recipient.Notify);
        Assert.Equal("Original+Tag=x@example.test", recipient.OriginalRecipient!.Address);
    }

    [Fact]
    public async Task A_message_bigger_than_SIZE_is_refused_before_MAIL_and_the_session_stays_usable()
    {
        await using var server = new ClientTestServer(new SmtpServerOptions { Hostname = "server.test", MaxMessageSize = 1000 });
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        Assert.Equal(1000, client.Capabilities.Size);
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => client.SendAsync(To("b@example.test"), new MemoryStream(new byte[2000])));
        Assert.Equal(SmtpClientStep.MailFrom, e.Step);
        Assert.True(e.IsPermanent);
        Assert.Equal("5.3.4", e.EnhancedCode);
        Assert.Null(e.Reply);
        Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(Content))).AllAccepted);
    }

    [Fact]
    public async Task STARTTLS_encrypts_and_EHLO_is_repeated()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, "server.test", Options(SmtpTlsMode.StartTls));
        Assert.True(client.IsEncrypted);
        Assert.True(client.TlsProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.NotNull(client.TlsCipherSuite);
        Assert.Equal("CN=server.test", client.RemoteCertificate!.Subject);
        Assert.False(client.Capabilities.StartTls); // the second EHLO no longer offers it
        Assert.True((await client.SendAsync(To("b@example.test"), new MemoryStream(Content))).AllAccepted);
        Assert.NotNull(server.Handler.Messages.Single().Session.TlsProtocol);
    }

    [Fact]
    public async Task Opportunistic_TLS_is_used_when_offered()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, "server.test", Options(SmtpTlsMode.Opportunistic));
        Assert.True(client.IsEncrypted);
    }

    [Fact]
    public async Task Certificate_that_fails_system_validation_is_a_TLS_failure()
    {
        await using var server = new ClientTestServer();
        var options = new SmtpClientOptions { Tls = SmtpTlsMode.StartTls, TlsServerName = "server.test" }; // system validation
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, options));
        Assert.Equal(SmtpClientStep.Tls, e.Step);
        Assert.Contains("TLS handshake", e.Message);
    }

    [Fact]
    public async Task Implicit_TLS_then_AUTH_on_submissions()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync("127.0.0.1", server.Submissions.Port, Options(SmtpTlsMode.Implicit));
        Assert.True(client.IsEncrypted);
        Assert.Contains("SCRAM-SHA-256", client.Capabilities.AuthMechanisms);
        await client.AuthenticateAsync(ClientTestServer.User, ClientTestServer.Password);
        Assert.True(client.IsAuthenticated);
        var envelope = To("b@example.test") with { Sender = EmailAddress.Parse(ClientTestServer.User) };
        Assert.True((await client.SendAsync(envelope, new MemoryStream(Content))).AllAccepted);
        Assert.Equal(ClientTestServer.User, server.Handler.Messages.Single().Session.AuthenticatedUser);
    }

    public static TheoryData<string> Mechanisms => ["PLAIN", "LOGIN", "SCRAM-SHA-256"];

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Each_mechanism_authenticates_after_STARTTLS(string name)
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Submission.Address, server.Submission.Port, null, Options(SmtpTlsMode.StartTls));
        await client.AuthenticateAsync(SaslClientMechanisms.Create(name, ClientTestServer.User, ClientTestServer.Password));
        Assert.True(client.IsAuthenticated);
        var envelope = To("b@example.test") with { Sender = EmailAddress.Parse(ClientTestServer.User) };
        Assert.True((await client.SendAsync(envelope, new MemoryStream(Content))).AllAccepted);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Wrong_password_is_535_with_each_mechanism(string name)
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Submission.Address, server.Submission.Port, null, Options(SmtpTlsMode.StartTls));
        var e = await Assert.ThrowsAsync<SmtpClientException>(() =>
            client.AuthenticateAsync(SaslClientMechanisms.Create(name, ClientTestServer.User, "wrong")));
        Assert.Equal(SmtpClientStep.Authentication, e.Step);
        Assert.Equal(535, e.Reply!.Code);
        Assert.Equal("5.7.8", e.EnhancedCode);
        Assert.True(e.IsPermanent);
        Assert.False(client.IsAuthenticated);
    }

    [Fact]
    public async Task Credentials_are_not_sent_without_TLS_unless_allowed()
    {
        await using var server = new ClientTestServer(new SmtpServerOptions { Hostname = "server.test", AllowInsecureAuth = true });
        await using (var client = await SmtpClient.ConnectAsync(server.Submission.Address, server.Submission.Port, null, Options()))
        {
            var e = await Assert.ThrowsAsync<SmtpClientException>(() => client.AuthenticateAsync(ClientTestServer.User, ClientTestServer.Password));
            Assert.Equal(SmtpClientStep.Authentication, e.Step);
            Assert.Null(e.Reply);
        }
        var allowing = new SmtpClientOptions { Tls = SmtpTlsMode.None, AllowPlaintextAuth = true };
        await using (var client = await SmtpClient.ConnectAsync(server.Submission.Address, server.Submission.Port, null, allowing))
        {
            await client.AuthenticateAsync(ClientTestServer.User, ClientTestServer.Password);
            Assert.True(client.IsAuthenticated);
        }
    }

    [Fact]
    public async Task MimeMessage_overload_builds_the_envelope_hides_Bcc_and_uses_8BITMIME_for_8bit_content()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("a@example.test"));
        message.To.Add(MailboxAddress.Parse("b@example.test"));
        message.Cc.Add(MailboxAddress.Parse("c@example.test"));
        message.Bcc.Add(MailboxAddress.Parse("hidden@example.test"));
        message.Subject = "Grüße";
        message.Body = new TextPart("plain") { Text = "Größe: ünïcödé\n", ContentTransferEncoding = ContentEncoding.EightBit };

        SmtpTransactionResult result = await client.SendAsync(message);

        Assert.Equal(3, result.Recipients.Count);
        Assert.True(result.AllAccepted);
        ClientTestServer.Received received = server.Handler.Messages.Single();
        Assert.Equal(BodyType.EightBitMime, received.Envelope.Body);
        Assert.Equal(["b@example.test", "c@example.test", "hidden@example.test"], received.Envelope.Recipients.Select(r => r.Address.ToString()));
        string text = Encoding.UTF8.GetString(received.Content);
        Assert.DoesNotContain("hidden@example.test", text);
        Assert.DoesNotContain("Bcc:", text);
        Assert.Contains("Größe: ünïcödé\r\n", text);
        var parsed = MimeMessage.Load(new MemoryStream(received.Content));
        Assert.Equal("Grüße", parsed.Subject);
    }

    [Fact]
    public async Task SMTPUTF8_addresses_travel_with_the_SMTPUTF8_parameter()
    {
        await using var server = new ClientTestServer();
        await using var client = await SmtpClient.ConnectAsync(server.Relay.Address, server.Relay.Port, null, Options());
        var envelope = new Envelope { Sender = EmailAddress.Parse("a@example.test"), Recipients = [new EnvelopeRecipient(EmailAddress.Parse("jörg@example.test"))] };
        Assert.True((await client.SendAsync(envelope, new MemoryStream(Content))).AllAccepted);
        ClientTestServer.Received seen = server.Handler.Messages.Single();
        Assert.True(seen.Envelope.SmtpUtf8);
        Assert.Equal("jörg", seen.Envelope.Recipients.Single().Address.LocalPart);
    }

    [Fact]
    public async Task Host_name_connect_resolves_and_connection_refused_is_a_connect_failure()
    {
        await using (var server = new ClientTestServer())
        await using (var client = await SmtpClient.ConnectAsync("localhost", server.Relay.Port, new SmtpClientOptions { Tls = SmtpTlsMode.None, LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }))
            Assert.Equal(220, client.Greeting.Code);

        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => SmtpClient.ConnectAsync(IPAddress.Loopback, port, null, new SmtpClientOptions()));
        Assert.Equal(SmtpClientStep.Connect, e.Step);
        Assert.Contains($"port {port}", e.Message);
        Assert.False(e.IsPermanent);
    }
}
