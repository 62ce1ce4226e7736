using System.IO.Pipelines;
using System.Text;
using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class AppendReaderTests
{
    private const string Message = "From: a@b\r\nSubject: hi\r\n\r\nHello\r\n";

    [Fact]
    public async Task Append_with_flags_date_and_synchronizing_literal()
    {
        var host = new TestHost();
        string input = $"A003 APPEND saved-messages (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {{{Message.Length}}}\r\n{Message}\r\nA004 NOOP\r\n";
        ReadOutcome outcome = await ReadAllAsync(input, host: host);
        var append = Assert.IsType<AppendCommand>(outcome.Command(0));
        Assert.Equal("saved-messages", append.Mailbox);
        Assert.Equal(["\\Seen"], append.Flags);
        Assert.Equal(new DateTimeOffset(1994, 2, 7, 21, 52, 25, TimeSpan.FromHours(-8)), append.InternalDate);
        Assert.Equal(new ImapAppendLiteral(Message.Length, false, true, false), append.Message);
        Assert.Equal(Message, Encoding.ASCII.GetString(outcome.Messages.Single()));
        Assert.Equal(1, host.Continuations);
        Assert.IsType<NoopCommand>(outcome.Command(1));
    }

    [Fact]
    public async Task Append_forms()
    {
        string input =
            $"a APPEND INBOX {{{Message.Length}+}}\r\n{Message}\r\n" +
            $"b APPEND {{5}}\r\nDraft ~{{4}}\r\nx\0y\n\r\n" +
            $"c APPEND Sent () UTF8 (~{{{Message.Length}+}}\r\n{Message})\r\n";
        var host = new TestHost();
        ReadOutcome outcome = await ReadAllAsync(input, host: host);
        Assert.Equal(3, outcome.Results.Count);
        var a = Assert.IsType<AppendCommand>(outcome.Command(0));
        Assert.Equal(("INBOX", false, false), (a.Mailbox, a.Message.IsSynchronizing, a.Message.IsBinary));
        var b = Assert.IsType<AppendCommand>(outcome.Command(1));
        Assert.Equal(("Draft", true, true), (b.Mailbox, b.Message.IsSynchronizing, b.Message.IsBinary));
        Assert.Equal("x\0y\n"u8.ToArray(), outcome.Messages[1]);
        var c = Assert.IsType<AppendCommand>(outcome.Command(2));
        Assert.Equal(("Sent", true, true), (c.Mailbox, c.Message.IsUtf8, c.Message.IsBinary));
        Assert.Empty(c.Flags);
        Assert.Equal(Message, Encoding.ASCII.GetString(outcome.Messages[2]));
        // {5} for the mailbox name and ~{4} for the message.
        Assert.Equal(2, host.Continuations);
    }

    [Theory]
    [InlineData("a APPEND INBOX (\\Seen {3}\r\n")]
    [InlineData("a APPEND INBOX \"bad date\" {3}\r\n")]
    [InlineData("a APPEND INBOX (\\Seen) (\\Seen) {3}\r\n")]
    [InlineData("a APPEND INBOX UTF8 {3}\r\n")]
    [InlineData("a APPEND INBOX FOO {3}\r\n")]
    [InlineData("a APPEND INBOX{3}\r\n")]
    public async Task Malformed_append_is_refused_before_the_literal(string input)
    {
        var host = new TestHost();
        ReadOutcome outcome = await ReadAllAsync(input + "b NOOP\r\n", host: host);
        Assert.Equal(("a", ImapErrorKind.Syntax), (outcome.Error(0).Tag, outcome.Error(0).Kind));
        Assert.Equal("b", outcome.Command(1).Tag);
        Assert.Equal(0, host.Continuations);
    }

    [Theory]
    [InlineData("a APPEND INBOX\r\n")]
    [InlineData("a APPEND INBOX (\\Seen)\r\n")]
    [InlineData("a APPEND INBOX \"x\"\r\n")]
    public async Task Append_without_a_message(string input)
    {
        ReadOutcome outcome = await ReadAllAsync(input);
        Assert.Equal(ImapErrorKind.Syntax, outcome.Error(0).Kind);
    }

    [Fact]
    public async Task Text_after_the_message_is_an_error_and_the_message_must_be_dropped()
    {
        ReadOutcome outcome = await ReadAllAsync("a APPEND INBOX {3+}\r\nabc junk\r\nb NOOP\r\n");
        Assert.IsType<AppendCommand>(outcome.Command(0));
        Assert.Equal(("a", ImapErrorKind.Syntax), (outcome.Error(1).Tag, outcome.Error(1).Kind));
        Assert.Equal("b", outcome.Command(2).Tag);
    }

    [Fact]
    public async Task Multiappend_is_refused_and_its_further_messages_skipped()
    {
        ReadOutcome outcome = await ReadAllAsync("a APPEND INBOX {3+}\r\nabc {4+}\r\nwxyz\r\nb NOOP\r\n");
        Assert.Contains("MULTIAPPEND", outcome.Error(1).Message);
        Assert.Equal("b", outcome.Command(2).Tag);
    }

    [Fact]
    public async Task Append_too_large_is_NO_TOOBIG_without_continuation()
    {
        var host = new TestHost();
        var limits = new ImapLimits { MaxAppendSize = 1000 };
        ReadOutcome outcome = await ReadAllAsync("a APPEND INBOX {5000}\r\nb APPEND INBOX {2000+}\r\n" + new string('m', 2000) + "\r\nc NOOP\r\n", limits, host);
        ImapCommandError error = outcome.Error(0);
        Assert.Equal(("a", ImapErrorKind.AppendTooLarge, ImapResponseStatus.No, "TOOBIG"), (error.Tag, error.Kind, error.Status, error.ResponseCode));
        Assert.Equal(("b", ImapErrorKind.AppendTooLarge), (outcome.Error(1).Tag, outcome.Error(1).Kind));
        Assert.Equal("c", outcome.Command(2).Tag);
        Assert.Equal(0, host.Continuations);
    }

    [Fact]
    public async Task Rejecting_a_message_leaves_the_connection_in_step()
    {
        var pipe = new Pipe();
        var host = new TestHost();
        var reader = new ImapCommandReader(pipe.Reader, host, new ImapLimits { MaxNonSynchronizingLiteralSize = null });
        await pipe.Writer.WriteAsync(Bytes("a APPEND Nope {100}\r\nb APPEND Nope {5+}\r\nhello\r\nc NOOP\r\n"));
        pipe.Writer.Complete();
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        await reader.RejectAppendMessageAsync();
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        await reader.RejectAppendMessageAsync();
        Assert.IsType<NoopCommand>((await reader.ReadCommandAsync()).Command);
        Assert.Equal(0, host.Continuations);
    }

    [Fact]
    public async Task Completing_without_reading_skips_the_message()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a APPEND INBOX {10}\r\n0123456789\r\nb NOOP\r\n"));
        pipe.Writer.Complete();
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        Stream message = await reader.OpenAppendMessageAsync();
        byte[] first = new byte[3];
        Assert.Equal(3, await message.ReadAsync(first));
        Assert.Null(await reader.CompleteAppendAsync());
        Assert.IsType<NoopCommand>((await reader.ReadCommandAsync()).Command);
    }

    [Fact]
    public async Task Misuse_is_an_InvalidOperationException()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.OpenAppendMessageAsync());
        await pipe.Writer.WriteAsync(Bytes("a APPEND INBOX {1+}\r\nx\r\n"));
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadCommandAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.CompleteAppendAsync());
    }

    [Fact]
    public async Task Connection_closed_inside_the_message_is_an_IOException_from_the_stream()
    {
        var pipe = new Pipe();
        var reader = new ImapCommandReader(pipe.Reader, new TestHost());
        await pipe.Writer.WriteAsync(Bytes("a APPEND INBOX {100+}\r\nshort"));
        pipe.Writer.Complete();
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        Stream message = await reader.OpenAppendMessageAsync();
        await Assert.ThrowsAsync<IOException>(() => message.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task A_large_message_streams_in_bounded_memory()
    {
        const int size = 8 * 1024 * 1024;
        byte[] head = Bytes($"a APPEND INBOX {{{size}}}\r\n");
        byte[] input = new byte[head.Length + size + 2];
        head.CopyTo(input, 0);
        new Random(1).NextBytes(input.AsSpan(head.Length, size));
        input.AsSpan(head.Length, size).Replace((byte)0, (byte)1);
        "\r\n"u8.CopyTo(input.AsSpan(head.Length + size));
        var chunks = Enumerable.Repeat(16 * 1024, input.Length / (16 * 1024)).Append(input.Length % (16 * 1024));
        var reader = new ImapCommandReader(new ChunkedPipeReader(input, chunks), new TestHost(), new ImapLimits { MaxAppendSize = size });
        Assert.IsType<AppendCommand>((await reader.ReadCommandAsync()).Command);
        Stream message = await reader.OpenAppendMessageAsync();
        long total = 0;
        byte[] buffer = new byte[4096];
        int n;
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        while ((n = await message.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            total += n;
            Assert.True(reader.BufferCapacity <= 4096);
        }
        Assert.Equal(size, total);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(input.AsSpan(head.Length, size)), hash.GetHashAndReset());
        Assert.Null(await reader.CompleteAppendAsync());
    }
}
