using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class MailboxCommandParserTests
{
    private static readonly ImapParseOptions Utf8 = new() { Utf8MailboxNames = true };

    [Theory]
    [InlineData("a SELECT inbox", "INBOX")]
    [InlineData("a SELECT \"InBoX\"", "INBOX")]
    [InlineData("a SELECT INBOX/Sub", "INBOX/Sub")]
    [InlineData("a SELECT inbox/Sub", "INBOX/Sub")]
    [InlineData("a SELECT inboxes", "inboxes")]
    [InlineData("a SELECT Archive/2024", "Archive/2024")]
    [InlineData("a SELECT \"with space\"", "with space")]
    [InlineData("a SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語")]
    [InlineData("a SELECT A&-B", "A&B")]
    [InlineData("a SELECT a]b", "a]b")]
    public void Select_mailbox_names(string line, string mailbox)
    {
        var select = Parse<SelectCommand>(line);
        Assert.Equal(mailbox, select.Mailbox);
        Assert.False(select.ReadOnly);
        Assert.False(select.CondStore);
        Assert.Null(select.QResync);
    }

    [Fact]
    public void Utf8_mailbox_names_when_enabled()
    {
        Assert.Equal("Entwürfe", Parse<SelectCommand>("a SELECT Entwürfe", Utf8).Mailbox);
        Assert.Equal("Entwürfe", Parse<SelectCommand>("a SELECT \"Entwürfe\"", Utf8).Mailbox);
        // Under UTF8=ACCEPT "&" is just "&": no modified UTF-7 decoding (RFC 6855 §3).
        Assert.Equal("A&U,BTFw-", Parse<SelectCommand>("a SELECT A&U,BTFw-", Utf8).Mailbox);
    }

    [Theory]
    [InlineData("a SELECT Entwürfe")]
    [InlineData("a SELECT &U,BTFw")]
    [InlineData("a SELECT &AGE-")]
    [InlineData("a DELETE \"!#$&'+,-.0123456789:;<=>?@^_`|[}\"")]
    public void Invalid_modified_utf7_names_are_NO(string line)
    {
        ImapParseException ex = ParseError(line);
        Assert.Equal(ImapErrorKind.InvalidMailboxName, ex.Kind);
        Assert.Equal(ImapResponseStatus.No, new ImapCommandError("a", ex.Kind, ex.Message).Status);
    }

    [Fact]
    public void Select_and_examine_parameters()
    {
        Assert.True(Parse<SelectCommand>("a EXAMINE INBOX").ReadOnly);
        Assert.Equal("EXAMINE", Parse<SelectCommand>("a EXAMINE INBOX").Name);
        Assert.True(Parse<SelectCommand>("a SELECT INBOX (CONDSTORE)").CondStore);
        var q = Parse<SelectCommand>("a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))").QResync!;
        Assert.Equal(67890007u, q.UidValidity);
        Assert.Equal(20050715194045000ul, q.ModSeq);
        Assert.Equal("41,43:211,214:541", q.KnownUids!.ToString());
        Assert.Null(q.KnownSequenceNumbers);
        var full = Parse<SelectCommand>("a SELECT INBOX (QRESYNC (1 2 1:100 (1,5,10 3,20,30)) CONDSTORE)");
        Assert.True(full.CondStore);
        Assert.Equal("1,5,10", full.QResync!.KnownSequenceNumbers!.ToString());
        Assert.Equal("3,20,30", full.QResync.KnownSequenceUids!.ToString());
        var seqOnly = Parse<SelectCommand>("a SELECT INBOX (QRESYNC (1 2 (1 3)))").QResync!;
        Assert.Null(seqOnly.KnownUids);
        Assert.Equal("1", seqOnly.KnownSequenceNumbers!.ToString());
    }

    [Theory]
    [InlineData("a SELECT")]
    [InlineData("a SELECT INBOX extra")]
    [InlineData("a SELECT INBOX (FOO)")]
    [InlineData("a SELECT INBOX (CONDSTORE")]
    [InlineData("a SELECT INBOX (QRESYNC)")]
    [InlineData("a SELECT INBOX (QRESYNC (0 1))")]
    [InlineData("a SELECT INBOX (QRESYNC (1))")]
    [InlineData("a SELECT INBOX (QRESYNC (1 2 (1)))")]
    [InlineData("a SELECT INBOX (QRESYNC (1 x))")]
    [InlineData("a EXAMINE (INBOX)")]
    public void Select_malformed(string line) => ParseError(line);

    [Fact]
    public void Create_delete_rename_subscribe()
    {
        Assert.Equal("a/b", Parse<CreateCommand>("a CREATE a/b").Mailbox);
        Assert.Empty(Parse<CreateCommand>("a CREATE a/b").SpecialUse);
        Assert.Equal(["\\Sent"], Parse<CreateCommand>("a CREATE Sent (USE (\\Sent))").SpecialUse);
        Assert.Equal(["\\Archive", "\\Junk"], Parse<CreateCommand>("a CREATE x (USE (\\Archive \\Junk))").SpecialUse);
        Assert.Equal("x", Parse<DeleteCommand>("a DELETE x").Mailbox);
        var rename = Parse<RenameCommand>("a RENAME inbox \"Old Mail\"");
        Assert.Equal(("INBOX", "Old Mail"), (rename.From, rename.To));
        Assert.Equal("x", Parse<SubscribeCommand>("a SUBSCRIBE x").Mailbox);
        Assert.Equal("x", Parse<UnsubscribeCommand>("a UNSUBSCRIBE x").Mailbox);
    }

    [Theory]
    [InlineData("a CREATE")]
    [InlineData("a CREATE x (FOO (\\Sent))")]
    [InlineData("a CREATE x (USE \\Sent)")]
    [InlineData("a CREATE x (USE (\\Sent)")]
    [InlineData("a DELETE")]
    [InlineData("a DELETE x y")]
    [InlineData("a RENAME x")]
    [InlineData("a SUBSCRIBE")]
    [InlineData("a UNSUBSCRIBE x y")]
    public void Mailbox_commands_malformed(string line) => ParseError(line);

    [Fact]
    public void List_basic()
    {
        var list = Parse<ListCommand>("a LIST \"\" %");
        Assert.Equal("", list.Reference);
        Assert.Equal(["%"], list.Patterns);
        Assert.False(list.IsExtended);
        Assert.Equal(["~peter/mail/台北/*"], Parse<ListCommand>("a LIST ~peter \"~peter/mail/&U,BTFw-/*\"").Patterns);
        Assert.Equal(["INBOX*]"], Parse<ListCommand>("a LIST \"\" INBOX*]").Patterns);
        // An invalid modified UTF-7 pattern is no error: it matches nothing (imaptest "atoms").
        Assert.Equal(["!#$&'+,-.0123456789:;<=>?@^_`|[}%*"], Parse<ListCommand>("a LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*").Patterns);
    }

    [Fact]
    public void List_extended()
    {
        var list = Parse<ListCommand>("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX* Sent) RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN SIZE))");
        Assert.True(list.IsExtended);
        Assert.Equal(ListSelectOptions.Subscribed | ListSelectOptions.RecursiveMatch, list.Selection);
        Assert.Equal(["INBOX*", "Sent"], list.Patterns);
        Assert.Equal(ListReturnOptions.Children | ListReturnOptions.SpecialUse | ListReturnOptions.Status, list.Return);
        Assert.Equal([StatusItem.Messages, StatusItem.Unseen, StatusItem.Size], list.StatusItems);
        Assert.Equal(ListSelectOptions.SpecialUse, Parse<ListCommand>("a LIST (SPECIAL-USE) \"\" *").Selection);
        Assert.True(Parse<ListCommand>("a LIST () \"\" \"\"").IsExtended);
        Assert.Equal(ListReturnOptions.None, Parse<ListCommand>("a LIST \"\" % RETURN ()").Return);
        Assert.Equal(ListReturnOptions.Subscribed, Parse<ListCommand>("a list \"\" % return (subscribed)").Return);
    }

    [Theory]
    [InlineData("a LIST")]
    [InlineData("a LIST \"\"")]
    [InlineData("a LIST (RECURSIVEMATCH) \"\" *")]
    [InlineData("a LIST (RECURSIVEMATCH REMOTE) \"\" *")]
    [InlineData("a LIST (FOO) \"\" *")]
    [InlineData("a LIST \"\" * RETURN (FOO)")]
    [InlineData("a LIST \"\" * RETURN CHILDREN")]
    [InlineData("a LIST \"\" * CHILDREN")]
    [InlineData("a LIST \"\" ()")]
    [InlineData("a LIST \"\" * RETURN (STATUS ())")]
    [InlineData("a LIST \"\" * RETURN (STATUS (FOO))")]
    [InlineData("a LIST \"\" (a b")]
    public void List_malformed(string line) => ParseError(line);

    [Fact]
    public void Lsub_and_status()
    {
        var lsub = Parse<LsubCommand>("a LSUB \"#news.\" \"comp.mail.*\"");
        Assert.Equal(("#news.", "comp.mail.*"), (lsub.Reference, lsub.Pattern));
        var status = Parse<StatusCommand>("a STATUS blurdybloop (UIDNEXT MESSAGES recent unseen deleted size highestmodseq appendlimit mailboxid uidvalidity)");
        Assert.Equal(
            [StatusItem.UidNext, StatusItem.Messages, StatusItem.Recent, StatusItem.Unseen, StatusItem.Deleted, StatusItem.Size,
             StatusItem.HighestModSeq, StatusItem.AppendLimit, StatusItem.MailboxId, StatusItem.UidValidity],
            status.Items);
        ParseError("a STATUS x");
        ParseError("a STATUS x ()");
        ParseError("a STATUS x (FOO)");
        ParseError("a STATUS x MESSAGES");
        ParseError("a LSUB \"\"");
    }
}
