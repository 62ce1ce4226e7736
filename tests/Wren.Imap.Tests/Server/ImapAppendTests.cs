using System.Net.Sockets;
using System.Text;
using Wren.Imap.Server;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>APPEND (RFC 9051 §6.3.12, RFC 4315 APPENDUID, RFC 3516 literal8, RFC 6855 UTF8, RFC 7889 APPENDLIMIT).</summary>
public sealed class ImapAppendTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private async Task<MessageEntry> OnlyMessageAsync(MailboxStatus box, bool summaries = true)
    {
        var user = await ImapMailboxData.UserAsync(fixture);
        var snapshot = await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId, new MessageQuery { IncludeSummaries = summaries });
        return Assert.Single(snapshot!.Messages);
    }

    [Fact]
    public async Task Append_stores_the_message_with_flags_date_and_summary()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        byte[] message = ImapMailboxData.Message("Appended here");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.WriteAsync($"a APPEND {box.Name} (\\Seen $Work) \"03-Dec-2026 09:10:11 +0100\" {{{message.Length}}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        await c.WriteAsync(Encoding.UTF8.GetString(message) + "\r\n");
        Assert.Equal([$"a OK [APPENDUID {box.UidValidity} 1] APPEND completed"], await c.ReadUntilTaggedAsync("a"));

        MessageEntry entry = await OnlyMessageAsync(box);
        Assert.Equal(MessageFlags.Seen, entry.Flags);
        Assert.Equal(["$Work"], entry.Keywords);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 10, 11, TimeSpan.FromHours(1)), entry.InternalDate);
        Assert.Equal(message.Length, entry.Size);
        var summary = StoredSummary.Decode(entry.Summary);
        Assert.NotNull(summary);
        Assert.Equal("Appended here", summary.Envelope.Subject);
        Assert.Equal(message.Length, summary.Size);
    }

    [Fact]
    public async Task Non_synchronizing_binary_and_utf8_literals_are_accepted()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        string message = Encoding.UTF8.GetString(ImapMailboxData.Message("plus"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // RFC 7888 LITERAL-: a small non-synchronizing literal needs no continuation.
        Assert.Equal([$"a OK [APPENDUID {box.UidValidity} 1] APPEND completed"],
            await c.CommandAsync("a", $"APPEND {box.Name} {{{message.Length}+}}\r\n{message}"));
        // RFC 3516 §4.4: literal8.
        await c.WriteAsync($"b APPEND {box.Name} ~{{{message.Length}}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        await c.WriteAsync(message + "\r\n");
        Assert.Equal([$"b OK [APPENDUID {box.UidValidity} 2] APPEND completed"], await c.ReadUntilTaggedAsync("b"));
        // RFC 6855 §4: UTF8 (literal8), a message with UTF-8 in its header.
        string utf8 = "From: Jörg <j@example.test>\r\nSubject: Grüße\r\n\r\nHallo\r\n";
        int octets = Encoding.UTF8.GetByteCount(utf8);
        await c.CommandAsync("c0", "ENABLE UTF8=ACCEPT");
        await c.WriteAsync($"c APPEND {box.Name} UTF8 (~{{{octets}}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        await c.WriteAsync(utf8 + ")\r\n");
        Assert.Equal([$"c OK [APPENDUID {box.UidValidity} 3] APPEND completed"], await c.ReadUntilTaggedAsync("c"));
        var user = await ImapMailboxData.UserAsync(fixture);
        var snapshot = await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId, new MessageQuery { IncludeSummaries = true });
        Assert.Equal("Grüße", StoredSummary.Decode(snapshot!.Messages[2].Summary)!.Envelope.Subject);
    }

    [Fact]
    public async Task A_binary_part_with_nul_octets_is_stored_base64_encoded()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        byte[] body = [0, (byte)'-', 0xC3, 0xA4, (byte)'\r', (byte)'\n'];
        byte[] message = [.. Encoding.ASCII.GetBytes("From: user@example.test\r\nMime-Version: 1.0\r\nContent-Type: application/octet-stream\r\n" +
            "Content-Transfer-Encoding: binary\r\n\r\n"), .. body];
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.WriteAsync($"a APPEND {box.Name} ~{{{message.Length}}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        await c.WriteAsync([.. message, (byte)'\r', (byte)'\n']);
        Assert.Equal([$"a OK [APPENDUID {box.UidValidity} 1] APPEND completed"], await c.ReadUntilTaggedAsync("a"));

        // RFC 9051 §4.3: BODY[…] literals cannot carry NUL; the part is kept base64-encoded (RFC 3516 BINARY decodes it).
        var user = await ImapMailboxData.UserAsync(fixture);
        MessageEntry entry = await OnlyMessageAsync(box);
        await using Stream stored = (await fixture.Store.Mailboxes.OpenMessageAsync(user.Id, entry.MessageId))!;
        var parsed = await MimeKit.MimeMessage.LoadAsync(stored);
        var part = Assert.IsType<MimeKit.MimePart>(parsed.Body);
        Assert.Equal(MimeKit.ContentEncoding.Base64, part.ContentTransferEncoding);
        var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(body, decoded.ToArray());
        Assert.Equal("base64", StoredSummary.Decode(entry.Summary)!.Body.Encoding!, ignoreCase: true);
    }

    [Fact]
    public async Task A_missing_mailbox_is_trycreate_before_the_message_is_sent()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // No continuation: the client never sends the literal, and the connection stays in step.
        Assert.Equal(["a NO [TRYCREATE] No such mailbox; CREATE it first"], await c.CommandAsync("a", "APPEND nowhere-at-all {20}"));
        Assert.Equal(["b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));
        // A non-synchronizing literal is read and dropped.
        Assert.Equal(["c NO [TRYCREATE] No such mailbox; CREATE it first"], await c.CommandAsync("c", "APPEND nowhere-at-all {5+}\r\nhello"));
        Assert.Equal(["d OK NOOP completed"], await c.CommandAsync("d", "NOOP"));
    }

    [Fact]
    public async Task Bad_flags_too_big_and_trailing_garbage_are_refused_and_nothing_is_stored()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { MaxMessageSize = 1000 });
        await using var c = await server.LoginAsync();
        Assert.Equal(["a BAD Invalid flag \\Bogus"], await c.CommandAsync("a", $"APPEND {box.Name} (\\Bogus) {{10}}"));
        Assert.StartsWith("b NO [TOOBIG] ", Assert.Single(await c.CommandAsync("b", $"APPEND {box.Name} {{1001}}")));
        Assert.StartsWith("c NO ", Assert.Single(await c.CommandAsync("c", $"APPEND {box.Name} {{0}}")));
        await c.WriteAsync($"d APPEND {box.Name} {{5}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        Assert.StartsWith("d BAD ", (await c.CommandAsync("d", "hello trailing"))[^1]);
        Assert.Equal(["e OK NOOP completed"], await c.CommandAsync("e", "NOOP"));
        var user = await ImapMailboxData.UserAsync(fixture);
        Assert.Equal(0, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
    }

    [Fact]
    public async Task Append_to_the_selected_mailbox_announces_it()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        string message = Encoding.UTF8.GetString(ImapMailboxData.Message("two"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");
        Assert.Equal(["* 2 EXISTS", "* 2 RECENT", $"b OK [APPENDUID {box.UidValidity} 2] APPEND completed"],
            await c.CommandAsync("b", $"APPEND {box.Name} {{{message.Length}+}}\r\n{message}"));
    }

    [Fact]
    public async Task Stored_summary_round_trips_and_unreadable_forms_are_null()
    {
        var summary = await Wren.Mail.Summaries.MessageSummary.BuildAsync(new MemoryStream(ImapMailboxData.Message("round trip")));
        string stored = StoredSummary.Encode(summary);
        var back = StoredSummary.Decode(stored);
        Assert.NotNull(back);
        Assert.Equal(summary.ToBytes(), back.ToBytes());
        Assert.Null(StoredSummary.Decode(null));
        Assert.Null(StoredSummary.Decode(""));
        Assert.Null(StoredSummary.Decode("not base64!"));
        Assert.Null(StoredSummary.Decode(Convert.ToBase64String("XX\u0001garbage"u8.ToArray())));
    }
}
