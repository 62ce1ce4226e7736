using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>Each error reply of the SMTP server, provoked over a raw socket against the real server.</summary>
public class SmtpReplyCodeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private async Task<RawSmtpClient> ConnectAsync(bool ehlo = true)
    {
        var client = await RawSmtpClient.ConnectAsync(Server.Smtp);
        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        if (ehlo)
            Assert.StartsWith("250 ", await client.CommandAsync("EHLO client.test"));
        return client;
    }

    [Fact]
    public async Task Unknown_command_is_500_5_5_1()
    {
        await using var c = await ConnectAsync();
        Assert.Equal("500 5.5.1 Command unrecognized", await c.CommandAsync("FROB"));
    }

    [Fact]
    public async Task Rcpt_before_mail_is_503_5_5_1()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("DATA"));
    }

    [Fact]
    public async Task Mail_before_ehlo_is_503_5_5_1()
    {
        await using var c = await ConnectAsync(ehlo: false);
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("MAIL FROM:<a@b.test>"));
    }

    [Fact]
    public async Task Syntax_errors_are_501_with_the_right_enhanced_code()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("501 5.5.4", await c.CommandAsync("MAIL FROM:a@b.test"));
        Assert.StartsWith("501 5.5.4", await c.CommandAsync("EHLO"));
        Assert.StartsWith("250 ", await c.CommandAsync("EHLO client.test"));
        Assert.StartsWith("501 5.1.7", await c.CommandAsync("MAIL FROM:<not an address>"));
        Assert.StartsWith("501 5.5.4", await c.CommandAsync("MAIL FROM:<a@b.test> BODY=9BIT"));
        Assert.StartsWith("555 5.5.4", await c.CommandAsync("MAIL FROM:<a@b.test> FROBNICATE=1"));
        Assert.StartsWith("250 2.1.0", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("501 5.1.3", await c.CommandAsync("RCPT TO:<bob@@example.test>"));
        Assert.StartsWith("501 5.5.4", await c.CommandAsync("RCPT TO:<bob@example.test> NOTIFY=SOMETIMES"));
    }

    [Fact]
    public async Task Non_ascii_address_without_smtputf8_is_553_5_6_7_and_accepted_with_it()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("553 5.6.7", await c.CommandAsync("MAIL FROM:<jörg@example.test>"));
        Assert.StartsWith("250 2.1.0", await c.CommandAsync("MAIL FROM:<jörg@example.test> SMTPUTF8"));
    }

    [Fact]
    public async Task Line_too_long_is_500_5_5_6_and_the_session_goes_on()
    {
        await using var c = await ConnectAsync();
        Assert.Equal("500 5.5.6 Line too long", await c.CommandAsync("NOOP " + new string('x', 10_000)));
        Assert.StartsWith("250 2.0.0", await c.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Size_parameter_over_the_limit_is_552_5_3_4_at_once()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("552 5.3.4", await c.CommandAsync($"MAIL FROM:<a@b.test> SIZE={ServerFixture.MaxMessageSize + 1}"));
        Assert.StartsWith("250 2.1.0", await c.CommandAsync($"MAIL FROM:<a@b.test> SIZE={ServerFixture.MaxMessageSize / 2}"));
    }

    [Fact]
    public async Task Oversized_data_is_552_5_3_4_after_the_end_and_nothing_is_stored()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<carol@example.test>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        string line = new string('y', 998) + "\r\n";
        var body = new StringBuilder("Subject: too big\r\n\r\n");
        while (body.Length <= ServerFixture.MaxMessageSize)
            body.Append(line);
        Assert.StartsWith("552 5.3.4", await c.CommandAsync(body + "."));
        Assert.StartsWith("250", await c.CommandAsync("NOOP"));
        Assert.DoesNotContain(await Server.ReadMailAsync("carol@example.test"), m => m.Info.Subject == "too big");
    }

    [Fact]
    public async Task Unknown_local_user_is_550_5_1_1()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("550 5.1.1", await c.CommandAsync("RCPT TO:<nobody@example.test>"));
        Assert.StartsWith("554 5.5.1", await c.CommandAsync("DATA"));
    }

    [Fact]
    public async Task Relay_without_authentication_is_554_5_7_1()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("554 5.7.1", await c.CommandAsync("RCPT TO:<someone@elsewhere.test>"));
    }

    [Fact]
    public async Task Too_many_recipients_is_452_4_5_3()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        for (int i = 0; i < ServerFixture.MaxRecipients; i++)
            Assert.StartsWith("250", await c.CommandAsync($"RCPT TO:<bob+{i}@example.test>"));
        Assert.StartsWith("452 4.5.3", await c.CommandAsync("RCPT TO:<bob+last@example.test>"));
    }

    [Fact]
    public async Task Submission_requires_tls_then_auth()
    {
        await using var c = await RawSmtpClient.ConnectAsync(Server.Submission);
        Assert.StartsWith("220", await c.ReadReplyAsync());
        Assert.StartsWith("250", await c.CommandAsync("EHLO client.test"));
        Assert.StartsWith("538 5.7.11", await c.CommandAsync("AUTH PLAIN " + Plain("alice@example.test", WrenServerProcess.Password)));
        Assert.StartsWith("530 5.7.0", await c.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.StartsWith("220", await c.CommandAsync("STARTTLS"));
        await c.StartTlsAsync();
        Assert.StartsWith("250", await c.CommandAsync("EHLO client.test"));
        Assert.StartsWith("530 5.7.0", await c.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.StartsWith("535 5.7.8", await c.CommandAsync("AUTH PLAIN " + Plain("alice@example.test", "wrong")));
        Assert.StartsWith("235 2.7.0", await c.CommandAsync("AUTH PLAIN " + Plain("alice@example.test", WrenServerProcess.Password)));
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<someone@elsewhere.test>"));
    }

    [Fact]
    public async Task Auth_is_not_offered_on_the_mx_port()
    {
        await using var c = await RawSmtpClient.ConnectAsync(Server.Smtp);
        await c.ReadReplyAsync();
        Assert.StartsWith("250 HELP", await c.CommandAsync("EHLO client.test"));
        Assert.Contains("250-STARTTLS", c.LastReply);
        Assert.DoesNotContain("AUTH", c.LastReply);
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("AUTH PLAIN " + Plain("alice@example.test", WrenServerProcess.Password)));
    }

    [Fact]
    public async Task Commands_pipelined_behind_starttls_are_discarded()
    {
        await using var c = await ConnectAsync();
        // The NOOP and the RSET arrive in the same packet as STARTTLS: they must never be answered.
        await c.SendAsync("STARTTLS\r\nNOOP\r\nRSET\r\n");
        Assert.StartsWith("220 2.0.0", await c.ReadReplyAsync());
        await c.StartTlsAsync();
        Assert.StartsWith("250 ", await c.CommandAsync("EHLO client.test"));
        Assert.Equal("500 5.5.1 Command unrecognized", await c.CommandAsync("FROB"));
    }

    [Fact]
    public async Task Lf_dot_lf_cannot_smuggle_a_second_message()
    {
        await using var c = await ConnectAsync();
        string token = Guid.NewGuid().ToString("N");
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<carol@example.test>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        await c.SendAsync($"Subject: outer {token}\r\n\r\nhello\n.\nMAIL FROM:<evil@b.test>\r\nRCPT TO:<carol@example.test>\r\nDATA\r\nSubject: smuggled {token}\r\n\r\nx\r\n.\r\n");
        Assert.StartsWith("550 5.6.0", await c.ReadReplyAsync());
        Assert.StartsWith("250 2.0.0", await c.CommandAsync("NOOP"));
        Assert.DoesNotContain(await Server.ReadMailAsync("carol@example.test"), m => m.Info.Subject?.Contains(token) == true);
    }

    [Fact]
    public async Task Bare_cr_in_data_is_550_5_6_0()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<carol@example.test>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        Assert.StartsWith("550 5.6.0", await c.CommandAsync("Subject: x\r\n\r\nbare\rcr\r\n."));
    }

    [Fact]
    public async Task Dot_stuffed_lines_are_stored_unstuffed_with_trace_headers()
    {
        await using var c = await ConnectAsync();
        string token = Guid.NewGuid().ToString("N");
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<sender@b.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<carol@example.test>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0", await c.CommandAsync($"Subject: {token}\r\n\r\n..starts with a dot\r\n..\r\n."));
        var stored = (await Server.ReadMailAsync("carol@example.test")).Single(m => m.Info.Subject == token);
        string text = Encoding.UTF8.GetString(stored.Bytes);
        Assert.StartsWith("Return-Path: <sender@b.test>\r\nReceived: from client.test ([127.0.0.1])\r\n\tby mx.wren.test (Wren) with ESMTP id ", text);
        Assert.EndsWith($"\r\nSubject: {token}\r\n\r\n.starts with a dot\r\n.\r\n", text);
        Assert.Contains("for <carol@example.test>;", text);
    }

    [Fact]
    public async Task Bdat_chunks_make_one_message_and_data_after_bdat_is_refused()
    {
        await using var c = await ConnectAsync();
        string token = Guid.NewGuid().ToString("N");
        string part1 = $"Subject: {token}\r\n\r\n";
        string part2 = "binary-safe\r\n.\r\nnot the end\r\n";
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test> BODY=BINARYMIME"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<carol@example.test>"));
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("DATA"));
        await c.SendAsync($"BDAT {Encoding.UTF8.GetByteCount(part1)}\r\n{part1}");
        Assert.StartsWith("250 2.0.0", await c.ReadReplyAsync());
        await c.SendAsync($"BDAT {Encoding.UTF8.GetByteCount(part2)} LAST\r\n{part2}");
        Assert.StartsWith("250 2.0.0 OK", await c.ReadReplyAsync());
        var stored = (await Server.ReadMailAsync("carol@example.test")).Single(m => m.Info.Subject == token);
        Assert.EndsWith(part1 + part2, Encoding.UTF8.GetString(stored.Bytes));
    }

    [Fact]
    public async Task Bdat_without_a_transaction_consumes_its_chunk_and_is_503()
    {
        await using var c = await ConnectAsync();
        await c.SendAsync("BDAT 12 LAST\r\nNOOP\r\nNOOP\r\n");
        Assert.StartsWith("503 5.5.1", await c.ReadReplyAsync());
        Assert.Equal("500 5.5.1 Command unrecognized", await c.CommandAsync("FROB"));
    }

    [Fact]
    public async Task Pipelined_commands_get_their_replies_in_order()
    {
        await using var c = await ConnectAsync();
        await c.SendAsync("MAIL FROM:<a@b.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n");
        Assert.StartsWith("250 2.1.0", await c.ReadReplyAsync());
        Assert.StartsWith("250 2.1.5", await c.ReadReplyAsync());
        Assert.StartsWith("550 5.1.1", await c.ReadReplyAsync());
        Assert.StartsWith("354", await c.ReadReplyAsync());
        Assert.StartsWith("250 2.0.0", await c.CommandAsync("Subject: pipelined\r\n\r\nx\r\n."));
    }

    [Fact]
    public async Task Vrfy_is_252_and_quit_is_221()
    {
        await using var c = await ConnectAsync();
        Assert.StartsWith("252 2.5.0", await c.CommandAsync("VRFY bob"));
        Assert.StartsWith("214", await c.CommandAsync("HELP"));
        Assert.StartsWith("221 2.0.0", await c.CommandAsync("QUIT"));
        Assert.Null(await c.ReadReplyAsync());
    }

    private static string Plain(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
}
