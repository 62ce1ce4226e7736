using System.IO.Pipelines;
using System.Text;
using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class ImapCommandReaderTests
{
    [Fact]
    public async Task Pipelined_commands_are_read_in_order_and_replies_flushed_only_before_waiting()
    {
        var host = new TestHost();
        ReadOutcome outcome = await ReadAllAsync("a NOOP\r\nb CAPABILITY\r\nc LOGOUT\r\n", host: host);
        Assert.Equal(["a", "b", "c"], outcome.Results.Select(r => r.Command!.Tag));
        Assert.Equal(1, host.Flushes);
    }

    [Fact]
    public async Task Bare_LF_ends_a_line_too()
    {
        ReadOutcome outcome = await ReadAllAsync("a NOOP\nb LOGIN {2}\nab x\n");
        Assert.IsType<NoopCommand>(outcome.Command(0));
        Assert.Equal("ab", Assert.IsType<LoginCommand>(outcome.Command(1)).UserName);
    }

    [Fact]
    public async Task Synchronizing_literal_gets_its_continuation_before_its_octets_are_awaited()
    {
        var pipe = new Pipe();
        var host = new TestHost();
        host.OnContinuation = async () => await pipe.Writer.WriteAsync(Bytes("secret\r\n"));
        await pipe.Writer.WriteAsync(Bytes("a LOGIN alice {6}\r\n"));
        var reader = new ImapCommandReader(pipe.Reader, host);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ImapReadResult result = await reader.ReadCommandAsync(cts.Token);
        Assert.Equal("secret", Assert.IsType<LoginCommand>(result.Command).Password);
        Assert.Equal(1, host.Continuations);
    }

    [Fact]
    public async Task Non_synchronizing_literals_get_no_continuation()
    {
        var host = new TestHost();
        ReadOutcome outcome = await ReadAllAsync("a LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n", host: host);
        var login = Assert.IsType<LoginCommand>(outcome.Command(0));
        Assert.Equal(("alice", "secret"), (login.UserName, login.Password));
        Assert.Equal(0, host.Continuations);
    }

    [Fact]
    public async Task Literal_may_hold_CRLF_and_brackets()
    {
        ReadOutcome outcome = await ReadAllAsync("a SEARCH BODY {8+}\r\nx\r\n{3}\r\n SEEN\r\n");
        var and = Assert.IsType<AndSearchKey>(Assert.IsType<SearchCommand>(outcome.Command(0)).Criteria);
        Assert.Equal(new TextSearchKey(TextSearchScope.Body, "x\r\n{3}\r\n"), and.Keys[0]);
        Assert.Equal(new FlagSearchKey("\\Seen", true), and.Keys[1]);
    }

    [Fact]
    public async Task Empty_line_and_missing_tag_are_untagged_errors()
    {
        ReadOutcome outcome = await ReadAllAsync("\r\n+ NOOP\r\na NOOP\r\n");
        Assert.Null(outcome.Error(0).Tag);
        Assert.Null(outcome.Error(1).Tag);
        Assert.IsType<NoopCommand>(outcome.Command(2));
    }

    [Fact]
    public async Task Syntax_error_keeps_the_tag_and_the_connection()
    {
        ReadOutcome outcome = await ReadAllAsync("a1 FETCH 1 FOO\r\na2 NOOP\r\n");
        ImapCommandError error = outcome.Error(0);
        Assert.Equal(("a1", ImapErrorKind.Syntax, ImapResponseStatus.Bad, (string?)null), (error.Tag, error.Kind, error.Status, error.ResponseCode));
        Assert.IsType<NoopCommand>(outcome.Command(1));
    }

    [Fact]
    public async Task End_of_input_inside_a_command_ends_quietly()
    {
        Assert.Empty((await ReadAllAsync("a NOO")).Results);
        Assert.Empty((await ReadAllAsync("a LOGIN {10+}\r\nabc")).Results);
    }

    [Fact]
    public async Task Line_too_long_is_BAD_TOOBIG_and_the_next_command_works()
    {
        var limits = new ImapLimits { MaxLineLength = 100 };
        string longLine = "t1 SEARCH SUBJECT " + new string('x', 500) + "\r\n";
        ReadOutcome outcome = await ReadAllAsync(longLine + "t2 NOOP\r\n", limits);
        ImapCommandError error = outcome.Error(0);
        Assert.Equal(("t1", ImapErrorKind.LineTooLong, "TOOBIG", ImapResponseStatus.Bad), (error.Tag, error.Kind, error.ResponseCode, error.Status));
        Assert.Equal("t2", outcome.Command(1).Tag);
    }

    [Fact]
    public async Task Line_too_long_ending_in_a_non_synchronizing_literal_skips_the_literal_and_the_rest()
    {
        var limits = new ImapLimits { MaxLineLength = 100 };
        string input = "t1 LOGIN " + new string('x', 500) + " {10+}\r\n0123456789 {3+}\r\nabc more\r\nt2 NOOP\r\n";
        ReadOutcome outcome = await ReadAllAsync(input, limits);
        Assert.Equal(ImapErrorKind.LineTooLong, outcome.Error(0).Kind);
        Assert.Equal("t2", outcome.Command(1).Tag);
        Assert.Equal(2, outcome.Results.Count);
    }

    [Fact]
    public async Task Synchronizing_literal_too_large_is_refused_without_continuation()
    {
        var host = new TestHost();
        var limits = new ImapLimits { MaxLiteralSize = 100 };
        // The client waits for "+", gets the tagged BAD, abandons the command and sends the next one.
        ReadOutcome outcome = await ReadAllAsync("t1 LOGIN {1000}\r\nt2 NOOP\r\n", limits, host);
        Assert.Equal(("t1", ImapErrorKind.LiteralTooLarge, "TOOBIG"), (outcome.Error(0).Tag, outcome.Error(0).Kind, outcome.Error(0).ResponseCode));
        Assert.Equal("t2", outcome.Command(1).Tag);
        Assert.Equal(0, host.Continuations);
    }

    [Fact]
    public async Task Non_synchronizing_literal_over_4096_is_refused_and_skipped_LITERAL_minus()
    {
        string input = "t1 LOGIN {5000+}\r\n" + new string('y', 5000) + " {2+}\r\nab\r\nt2 NOOP\r\n";
        ReadOutcome outcome = await ReadAllAsync(input);
        ImapCommandError error = outcome.Error(0);
        Assert.Equal(("t1", ImapErrorKind.NonSynchronizingLiteralTooLarge, "TOOBIG", ImapResponseStatus.Bad), (error.Tag, error.Kind, error.ResponseCode, error.Status));
        Assert.Equal("t2", outcome.Command(1).Tag);
        Assert.Equal(2, outcome.Results.Count);
    }

    [Fact]
    public async Task Literal_plus_accepts_large_non_synchronizing_literals()
    {
        var limits = new ImapLimits { MaxNonSynchronizingLiteralSize = null };
        ReadOutcome outcome = await ReadAllAsync("t1 LOGIN {5000+}\r\n" + new string('y', 5000) + " x\r\n", limits);
        Assert.Equal(5000, Assert.IsType<LoginCommand>(outcome.Command(0)).UserName.Length);
    }

    [Fact]
    public async Task Command_too_large()
    {
        var limits = new ImapLimits { MaxCommandSize = 1000, MaxNonSynchronizingLiteralSize = null };
        var sb = new StringBuilder("t1 SEARCH");
        for (int i = 0; i < 20; i++)
            sb.Append(" BODY {100+}\r\n").Append('z', 100);
        sb.Append("\r\nt2 NOOP\r\n");
        ReadOutcome outcome = await ReadAllAsync(sb.ToString(), limits);
        Assert.Equal(("t1", ImapErrorKind.CommandTooLarge), (outcome.Error(0).Tag, outcome.Error(0).Kind));
        Assert.Equal("t2", outcome.Command(1).Tag);
    }

    [Fact]
    public async Task Literal8_outside_APPEND_is_a_syntax_error()
    {
        ReadOutcome outcome = await ReadAllAsync("t1 LOGIN ~{3+}\r\nabc x\r\nt2 NOOP\r\n");
        Assert.Equal(ImapErrorKind.Syntax, outcome.Error(0).Kind);
        Assert.Equal("t2", outcome.Command(1).Tag);
    }

    [Fact]
    public async Task Nul_in_a_literal_is_a_syntax_error()
    {
        byte[] input = [.. Bytes("t1 LOGIN {3+}\r\na"), 0, .. Bytes("c x\r\nt2 NOOP\r\n")];
        ReadOutcome outcome = await ReadAllAsync(input, [input.Length]);
        Assert.Equal(ImapErrorKind.Syntax, outcome.Error(0).Kind);
        Assert.Equal("t2", outcome.Command(1).Tag);
    }

    [Fact]
    public async Task Idle_done()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a IDLE\r\ndone\r\nb IDLE\r\nNOOP\r\nc IDLE\r\n"));
        pipe.Writer.Complete();
        Assert.IsType<IdleCommand>((await reader.ReadCommandAsync()).Command);
        Assert.Equal(ImapIdleEnd.Done, await reader.ReadIdleDoneAsync());
        Assert.IsType<IdleCommand>((await reader.ReadCommandAsync()).Command);
        Assert.Equal(ImapIdleEnd.Invalid, await reader.ReadIdleDoneAsync());
        Assert.IsType<IdleCommand>((await reader.ReadCommandAsync()).Command);
        Assert.Equal(ImapIdleEnd.EndOfInput, await reader.ReadIdleDoneAsync());
    }

    [Fact]
    public async Task Idle_wait_can_be_cancelled_and_the_reader_stays_usable()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a IDLE\r\nDO"));
        Assert.IsType<IdleCommand>((await reader.ReadCommandAsync()).Command);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadIdleDoneAsync(cts.Token));
        await pipe.Writer.WriteAsync(Bytes("NE\r\n"));
        Assert.Equal(ImapIdleEnd.Done, await reader.ReadIdleDoneAsync());
    }

    [Fact]
    public async Task Sasl_responses()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a AUTHENTICATE SCRAM-SHA-256\r\nbj0=\r\n\r\n*\r\n!!\r\n"));
        pipe.Writer.Complete();
        Assert.Equal("SCRAM-SHA-256", Assert.IsType<AuthenticateCommand>((await reader.ReadCommandAsync()).Command).Mechanism);
        ImapSaslResponse data = await reader.ReadSaslResponseAsync();
        Assert.Equal((ImapSaslResponseKind.Data, "n="), (data.Kind, Encoding.ASCII.GetString(data.Data!)));
        Assert.Empty((await reader.ReadSaslResponseAsync()).Data!);
        Assert.Equal(ImapSaslResponseKind.Cancelled, (await reader.ReadSaslResponseAsync()).Kind);
        Assert.Equal(ImapSaslResponseKind.Invalid, (await reader.ReadSaslResponseAsync()).Kind);
        Assert.Equal(ImapSaslResponseKind.EndOfInput, (await reader.ReadSaslResponseAsync()).Kind);
    }

    [Fact]
    public async Task Utf8_mailbox_names_follow_the_session_state()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a SELECT Entw&APw-rfe\r\nb SELECT Entwürfe\r\n"));
        Assert.Equal("Entwürfe", Assert.IsType<SelectCommand>((await reader.ReadCommandAsync()).Command).Mailbox);
        reader.Utf8MailboxNames = true;
        Assert.Equal("Entwürfe", Assert.IsType<SelectCommand>((await reader.ReadCommandAsync()).Command).Mailbox);
    }
}
