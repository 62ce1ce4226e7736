using System.Net;
using System.Text;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Client;

namespace Wren.Smtp.Tests.Client;

/// <summary>The client against a scripted fake server: the paths Wren's own server does not take.</summary>
public class SmtpClientFaultTests
{
    private static readonly SmtpClientOptions Plain = new() { Tls = SmtpTlsMode.None, LocalHostName = "client.test" };

    private static Envelope To(params string[] recipients) => new()
    {
        Sender = EmailAddress.Parse("a@example.test"),
        Recipients = recipients.Select(r => new EnvelopeRecipient(EmailAddress.Parse(r))).ToArray(),
    };

    private static MemoryStream Message() => new("Subject: x\r\n\r\nbody\r\n"u8.ToArray());

    private static Task<SmtpClient> ConnectAsync(ScriptedServer server, SmtpClientOptions? options = null) =>
        SmtpClient.ConnectAsync(server.EndPoint.Address, server.EndPoint.Port, null, options ?? Plain);

    [Fact]
    public async Task EHLO_refused_with_5xx_falls_back_to_HELO_without_extensions()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.SendAsync("220 old.test\n");
            await s.ExpectAsync("502 5.5.1 what?\n");
            await s.ExpectAsync("250 old.test\n");
            await s.ExpectAsync("250 ok\n");                  // MAIL, no parameters
            await s.ExpectAsync("250 ok\n");                  // RCPT
            await s.ExpectAsync("354 go\n");                  // DATA
            await s.ReadUntilAsync(".");
            await s.SendAsync("250 stored\n");
            await s.ExpectAsync("221 bye\n");
        });
        await using var client = await ConnectAsync(server);
        Assert.Same(SmtpCapabilities.None, client.Capabilities);
        var envelope = To("b@example.test") with { Body = BodyType.EightBitMime, Return = DsnReturn.Full };
        SmtpTransactionResult result = await client.SendAsync(envelope, Message());
        Assert.True(result.AllAccepted);
        await client.QuitAsync();
        Assert.Equal(["EHLO client.test", "HELO client.test", "MAIL FROM:<a@example.test>", "RCPT TO:<b@example.test>", "DATA"], server.Lines.Take(5));
    }

    [Fact]
    public async Task Without_PIPELINING_or_DSN_commands_go_one_by_one_without_DSN_or_BODY_parameters()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("SIZE 100000");
            await s.ExpectAsync("250 ok\n");
            await s.ExpectAsync("250 ok\n");
            await s.ExpectAsync("354 go\n");
            await s.ReadUntilAsync(".");
            await s.SendAsync("250 stored\n");
            await s.ReadLineAsync();
        });
        await using var client = await ConnectAsync(server);
        var envelope = new Envelope
        {
            Sender = EmailAddress.Parse("a@example.test"),
            Recipients = [new EnvelopeRecipient(EmailAddress.Parse("b@example.test"), DsnNotify.Never, new OriginalRecipient("rfc822", "b@example.test"))],
            Return = DsnReturn.Headers,
            EnvelopeId = "xyz",
            Body = BodyType.EightBitMime,
        };
        Assert.True((await client.SendAsync(envelope, Message())).AllAccepted);
        Assert.Equal("MAIL FROM:<a@example.test> SIZE=20", server.Lines[1]);
        Assert.Equal("RCPT TO:<b@example.test>", server.Lines[2]);
    }

    [Fact]
    public async Task With_PIPELINING_MAIL_and_every_RCPT_arrive_before_any_reply_and_BDAT_carries_the_content()
    {
        var groupSeen = new TaskCompletionSource<string[]>();
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("PIPELINING", "CHUNKING", "DSN");
            // Read the whole group before answering anything: a client waiting for the MAIL reply would hang here.
            string[] group = [(await s.ReadLineAsync())!, (await s.ReadLineAsync())!, (await s.ReadLineAsync())!];
            groupSeen.SetResult(group);
            await s.SendAsync("250 ok\n250 ok\n250 ok\n");
            string? bdat = await s.ReadLineAsync();
            var body = new byte[20];
            await s.Stream.ReadExactlyAsync(body);
            Assert.Equal("BDAT 20 LAST", bdat);
            Assert.Equal("Subject: x\r\n\r\nbody\r\n", Encoding.ASCII.GetString(body));
            await s.SendAsync("250 stored\n");
            await s.ReadLineAsync();
        });
        // A client that waited for the MAIL reply would deadlock with this server: fail fast instead of in 5 minutes.
        await using var client = await ConnectAsync(server, new SmtpClientOptions { Tls = SmtpTlsMode.None, CommandTimeout = TimeSpan.FromSeconds(20) });
        var envelope = To("b@example.test", "c@example.test") with { EnvelopeId = "a b" };
        SmtpTransactionResult result = await client.SendAsync(envelope, Message());
        Assert.True(result.AllAccepted);
        Assert.Equal(["MAIL FROM:<a@example.test> ENVID=a+20b", "RCPT TO:<b@example.test>", "RCPT TO:<c@example.test>"], await groupSeen.Task);
    }

    [Fact]
    public async Task A_4xx_transaction_is_a_result_and_the_next_try_on_the_same_connection_succeeds()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("ENHANCEDSTATUSCODES");
            await s.ExpectAsync("451 4.3.0 try later\n");     // MAIL
            await s.ExpectAsync("250 2.1.0 ok\n");            // MAIL
            await s.ExpectAsync("250 2.1.5 ok\n");            // RCPT
            await s.ExpectAsync("354 go\n");
            await s.ReadUntilAsync(".");
            await s.SendAsync("250 2.0.0 stored\n");
            await s.ReadLineAsync();
        });
        await using var client = await ConnectAsync(server);
        SmtpTransactionResult first = await client.SendAsync(To("b@example.test"), Message());
        Assert.Equal(451, first.MailReply.Code);
        Assert.Equal("4.3.0", first.Recipients.Single().Reply.EnhancedCode);
        Assert.False(first.Recipients.Single().Accepted);
        SmtpTransactionResult second = await client.SendAsync(To("b@example.test"), Message());
        Assert.True(second.AllAccepted);
        Assert.Equal("2.0.0", second.DataReply!.EnhancedCode);
    }

    [Fact]
    public async Task Connection_dropped_mid_DATA_is_a_Data_step_failure()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync();
            await s.ExpectAsync("250 ok\n");
            await s.ExpectAsync("250 ok\n");
            await s.ExpectAsync("354 go\n");
            await s.ReadLineAsync(); // the first content line, then hang up
            s.Stream.Socket.Close();
        });
        await using var client = await ConnectAsync(server);
        var big = new MemoryStream(Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 2000))));
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => client.SendAsync(To("b@example.test"), big));
        Assert.Equal(SmtpClientStep.Data, e.Step);
        Assert.False(e.IsPermanent);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(To("b@example.test"), Message()));
    }

    [Fact]
    public async Task A_server_that_never_greets_times_out()
    {
        var connected = new TaskCompletionSource();
        await using var server = new ScriptedServer(async s =>
        {
            connected.SetResult();
            await s.ReadLineAsync(); // silent until the client gives up
        });
        var options = new SmtpClientOptions { Tls = SmtpTlsMode.None, GreetingTimeout = TimeSpan.FromMilliseconds(200) };
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => ConnectAsync(server, options));
        Assert.Equal(SmtpClientStep.Greeting, e.Step);
        Assert.IsType<TimeoutException>(e.InnerException);
        await connected.Task;
    }

    [Fact]
    public async Task A_554_greeting_is_refused_with_its_reply()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.SendAsync("554 5.7.1 no service for you\n");
            await s.ExpectAsync("221 bye\n");
        });
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => ConnectAsync(server));
        Assert.Equal(SmtpClientStep.Greeting, e.Step);
        Assert.Equal(554, e.Reply!.Code);
        Assert.True(e.IsPermanent);
    }

    [Fact]
    public async Task Required_STARTTLS_not_offered_fails_at_the_TLS_step()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("PIPELINING");
            await s.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => ConnectAsync(server, new SmtpClientOptions { Tls = SmtpTlsMode.StartTls }));
        Assert.Equal(SmtpClientStep.Tls, e.Step);
        Assert.Contains("does not offer STARTTLS", e.Message);
    }

    [Fact]
    public async Task TLS_handshake_with_a_server_that_is_not_speaking_TLS_fails_at_the_TLS_step()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("STARTTLS");
            await s.ExpectAsync("220 go ahead\n");
            await s.SendAsync("this is not a TLS server hello at all\n");
            await s.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => ConnectAsync(server, new SmtpClientOptions { Tls = SmtpTlsMode.Opportunistic }));
        Assert.Equal(SmtpClientStep.Tls, e.Step);
    }

    [Fact]
    public async Task Replies_injected_behind_the_220_to_STARTTLS_are_refused()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("STARTTLS");
            await s.ExpectAsync("220 go ahead\n250 injected\n");
            await s.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => ConnectAsync(server, new SmtpClientOptions { Tls = SmtpTlsMode.StartTls }));
        Assert.Equal(SmtpClientStep.Tls, e.Step);
        Assert.Contains("injection", e.Message);
    }

    [Fact]
    public async Task SMTPUTF8_needed_but_not_offered_is_refused_with_5_6_7_before_MAIL()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("8BITMIME");
            await s.ReadLineAsync();
        });
        await using var client = await ConnectAsync(server);
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => client.SendAsync(To("jörg@example.test"), Message()));
        Assert.Equal("5.6.7", e.EnhancedCode);
        Assert.True(e.IsPermanent);
        var binary = To("b@example.test") with { Body = BodyType.BinaryMime };
        var b = await Assert.ThrowsAsync<SmtpClientException>(() => client.SendAsync(binary, Message()));
        Assert.Equal("5.6.3", b.EnhancedCode);
        Assert.Equal(["EHLO client.test"], server.Lines); // nothing was sent for either
    }

    [Fact]
    public async Task SCRAM_server_with_a_wrong_signature_is_not_trusted()
    {
        await using var server = new ScriptedServer(async s =>
        {
            await s.GreetAsync("AUTH SCRAM-SHA-256 PLAIN");
            string auth = (await s.ReadLineAsync())!;
            string clientFirst = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Split(' ')[2]));
            string nonce = clientFirst.Split(",r=")[1];
            string serverFirst = $"r={nonce}impostor,s={Convert.ToBase64String(new byte[16])},i=4096";
            await s.SendAsync("334 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(serverFirst)) + "\n");
            await s.ReadLineAsync(); // client-final
            await s.SendAsync("334 " + Convert.ToBase64String(Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(new byte[32]))) + "\n");
            await s.ExpectAsync("501 5.0.0 cancelled\n");
            await s.ReadLineAsync();
        });
        await using var client = await ConnectAsync(server, new SmtpClientOptions { Tls = SmtpTlsMode.None, AllowPlaintextAuth = true });
        var e = await Assert.ThrowsAsync<SmtpClientException>(() => client.AuthenticateAsync("alice", "secret"));
        Assert.Equal(SmtpClientStep.Authentication, e.Step);
        Assert.Contains("signature", e.Message);
        Assert.False(client.IsAuthenticated);
        Assert.Equal("*", server.Lines[3]);
    }
}
