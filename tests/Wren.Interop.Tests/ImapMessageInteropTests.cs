using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// FETCH, STORE, COPY and MOVE against MailKit's ImapClient on a real <c>wren serve</c>: body parts and partial
/// ranges, UIDPLUS results, flags seen by a second client, and CONDSTORE/QRESYNC resynchronisation.
/// </summary>
public class ImapMessageInteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] Attachment = [0, 1, 2, 3, 250, 251, 252, 253, 254, 255, .. Encoding.ASCII.GetBytes("tail")];

    private WrenServerProcess Server => fixture.Server;

    private static byte[] Message(string subject, string text = "Hello from the interop test.\r\n")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Bob", "bob@example.test"));
        message.To.Add(new MailboxAddress("Alice", "alice@example.test"));
        message.Subject = subject;
        message.MessageId = Guid.NewGuid().ToString("N") + "@example.test";
        var builder = new BodyBuilder { TextBody = text };
        builder.Attachments.Add("data.bin", Attachment, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Mailkit_fetches_structure_parts_and_partial_ranges()
    {
        string user = await Server.NewUserAsync("imapf");
        byte[] raw = Message("structure");
        await Server.DeliverAsync(user, raw);
        using var client = await ImapLogin.LoginAsync(Server, user, implicitTls: true);
        IMailFolder inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);

        IMessageSummary summary = Assert.Single(await inbox.FetchAsync(0, -1,
            MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.BodyStructure | MessageSummaryItems.Size | MessageSummaryItems.Flags));
        Assert.Equal("structure", summary.Envelope!.Subject);
        Assert.Equal((uint)raw.Length, summary.Size);
        // MailKit speaks IMAP4rev1 here, and this session was the first to see the message: \Recent (RFC 3501 §2.3.2).
        Assert.Equal(MessageFlags.Recent, summary.Flags);
        BodyPartText text = summary.TextBody!;
        BodyPartBasic attachment = Assert.Single(summary.Attachments);
        Assert.Equal("data.bin", attachment.FileName);

        var textPart = (TextPart)await inbox.GetBodyPartAsync(summary.UniqueId, text);
        Assert.Equal("Hello from the interop test.\r\n", textPart.Text!.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r", "\r", StringComparison.Ordinal));
        var attached = (MimePart)await inbox.GetBodyPartAsync(summary.UniqueId, attachment);
        using (var decoded = new MemoryStream())
        {
            await attached.Content!.DecodeToAsync(decoded);
            Assert.Equal(Attachment, decoded.ToArray());
        }

        // BODY.PEEK[]<offset.count>: the bytes of the stored message.
        using (Stream partial = await inbox.GetStreamAsync(summary.UniqueId, 10, 25))
        {
            using var read = new MemoryStream();
            await partial.CopyToAsync(read);
            Assert.Equal(raw[10..35], read.ToArray());
        }
        MimeMessage whole = await inbox.GetMessageAsync(summary.UniqueId);
        Assert.Equal("structure", whole.Subject);

        // MailKit fetches with BODY.PEEK: nothing was marked \Seen.
        Assert.Equal(MessageFlags.Recent, Assert.Single(await inbox.FetchAsync([summary.UniqueId], MessageSummaryItems.Flags)).Flags);
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Mailkit_copy_and_move_get_uidplus_results()
    {
        string user = await Server.NewUserAsync("imapm");
        await Server.DeliverAsync(user, Message("one"), Message("two"), Message("three"));
        using var client = await ImapLogin.LoginAsync(Server, user, implicitTls: true);
        IMailFolder inbox = client.Inbox;
        IMailFolder archive = (await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Archive", isMessageFolder: true))!;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = (await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId)).Select(s => s.UniqueId).ToList();
        Assert.Equal(3, uids.Count);

        UniqueIdMap copied = await inbox.CopyToAsync([uids[0]], archive);
        Assert.Equal([uids[0]], copied.Source);
        Assert.Equal([new UniqueId(1)], copied.Destination);

        int expunged = 0;
        inbox.MessageExpunged += (_, _) => expunged++;
        UniqueIdMap moved = await inbox.MoveToAsync([uids[1], uids[2]], archive);
        Assert.Equal([uids[1], uids[2]], moved.Source);
        Assert.Equal([new UniqueId(2), new UniqueId(3)], moved.Destination);
        Assert.Equal(2, expunged);
        Assert.Equal(1, inbox.Count);

        await archive.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(3, archive.Count);
        var subjects = (await archive.FetchAsync(0, -1, MessageSummaryItems.Envelope)).Select(s => s.Envelope!.Subject);
        Assert.Equal(["one", "two", "three"], subjects);
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Mailkit_flags_stored_by_one_client_are_seen_by_another()
    {
        string user = await Server.NewUserAsync("imaps");
        await Server.DeliverAsync(user, Message("flags"));
        using var writer = await ImapLogin.LoginAsync(Server, user, implicitTls: true);
        using var reader = await ImapLogin.LoginAsync(Server, user, implicitTls: true);
        await writer.Inbox.OpenAsync(FolderAccess.ReadWrite);
        await reader.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var changes = new List<MessageFlagsChangedEventArgs>();
        reader.Inbox.MessageFlagsChanged += (_, e) => changes.Add(e);

        await writer.Inbox.AddFlagsAsync(0, MessageFlags.Flagged | MessageFlags.Answered, new HashSet<string> { "$Work" }, silent: false);
        await reader.NoOpAsync();
        MessageFlagsChangedEventArgs change = Assert.Single(changes);
        Assert.Equal(0, change.Index);
        Assert.Equal(MessageFlags.Flagged | MessageFlags.Answered, change.Flags);
        Assert.Contains("$Work", change.Keywords);

        await writer.Inbox.RemoveFlagsAsync(0, MessageFlags.Answered, silent: true);
        IMessageSummary seen = Assert.Single(await reader.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags));
        Assert.Equal(MessageFlags.Flagged, seen.Flags);
    }

    [Fact]
    public async Task Mailkit_resynchronises_with_qresync_after_changes_while_offline()
    {
        string user = await Server.NewUserAsync("imapq");
        await Server.DeliverAsync(user, Message("a"), Message("b"), Message("c"));

        uint validity;
        ulong modSeq;
        IList<UniqueId> known;
        using (var first = await ImapLogin.LoginAsync(Server, user, implicitTls: true))
        {
            Assert.True(first.Capabilities.HasFlag(ImapCapabilities.QuickResync));
            await first.EnableQuickResyncAsync();
            await first.Inbox.OpenAsync(FolderAccess.ReadWrite);
            validity = first.Inbox.UidValidity;
            modSeq = first.Inbox.HighestModSeq;
            known = (await first.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId)).Select(s => s.UniqueId).ToList();
            await first.DisconnectAsync(quit: true);
        }

        using (var other = await ImapLogin.LoginAsync(Server, user, implicitTls: true))
        {
            await other.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await other.Inbox.AddFlagsAsync(known[0], MessageFlags.Flagged, silent: true);
            await other.Inbox.AddFlagsAsync(known[1], MessageFlags.Deleted, silent: true);
            await other.Inbox.ExpungeAsync();
            await other.DisconnectAsync(quit: true);
        }

        using var again = await ImapLogin.LoginAsync(Server, user, implicitTls: true);
        await again.EnableQuickResyncAsync();
        var vanished = new List<UniqueId>();
        var flagged = new List<(UniqueId? Uid, MessageFlags Flags, ulong? ModSeq)>();
        again.Inbox.MessagesVanished += (_, e) => vanished.AddRange(e.UniqueIds);
        again.Inbox.MessageFlagsChanged += (_, e) => flagged.Add((e.UniqueId, e.Flags, e.ModSeq));
        await again.Inbox.OpenAsync(FolderAccess.ReadWrite, validity, modSeq, known);
        Assert.Equal([known[1]], vanished);
        var change = Assert.Single(flagged);
        Assert.Equal(known[0], change.Uid);
        Assert.Equal(MessageFlags.Flagged, change.Flags);
        Assert.True(change.ModSeq > modSeq);

        // CONDSTORE: only what changed since, and a conditional store that fails on a changed message.
        var changed = await again.Inbox.FetchAsync(known, modSeq, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId);
        Assert.Equal([known[0]], changed.Select(s => s.UniqueId));
        IList<UniqueId> failed = await again.Inbox.AddFlagsAsync([known[0], known[2]], modSeq, MessageFlags.Seen, silent: true);
        Assert.Equal([known[0]], failed);
    }
}
