using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class MessageCommandParserTests
{
    private static FetchItem Attr(FetchAttribute a) => new FetchAttributeItem(a);

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1:*", "1:*")]
    [InlineData("*", "*")]
    [InlineData("*:4", "*:4")]
    [InlineData("5:2", "5:2")]
    [InlineData("1,3:5,7:*,9", "1,3:5,7:*,9")]
    [InlineData("4294967295", "4294967295")]
    [InlineData("$", "$")]
    public void Sequence_sets(string text, string expected)
    {
        var fetch = Parse<FetchCommand>($"a FETCH {text} FLAGS");
        Assert.Equal(expected, fetch.Set.ToString());
    }

    [Fact]
    public void Sequence_ranges_in_any_order_resolve_alike()
    {
        ImapSequenceSet set = Parse<FetchCommand>("a FETCH 5:2,*:8 UID").Set;
        Assert.Equal((2u, 5u), set.Ranges[0].Resolve(10));
        Assert.Equal((8u, 10u), set.Ranges[1].Resolve(10));
        Assert.True(set.Contains(9, 10));
        Assert.False(set.Contains(6, 10));
        Assert.True(set.UsesStar);
        Assert.True(Parse<FetchCommand>("a FETCH $ UID").Set.IsSavedResult);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0:5")]
    [InlineData("1:0")]
    [InlineData("4294967296")]
    [InlineData("99999999999999999999")]
    [InlineData("1,")]
    [InlineData(",1")]
    [InlineData("1::2")]
    [InlineData("1:")]
    [InlineData("-1")]
    [InlineData("$,1")]
    [InlineData("1,$")]
    [InlineData("a")]
    [InlineData("1.5")]
    public void Bad_sequence_sets(string text) => ParseError($"a FETCH {text} FLAGS");

    [Fact]
    public void Fetch_macros_expand()
    {
        Assert.Equal([Attr(FetchAttribute.Flags), Attr(FetchAttribute.InternalDate), Attr(FetchAttribute.Rfc822Size), Attr(FetchAttribute.Envelope)],
            Parse<FetchCommand>("a FETCH 1 ALL").Items);
        Assert.Equal(3, Parse<FetchCommand>("a FETCH 1 fast").Items.Count);
        Assert.Equal(Attr(FetchAttribute.Body), Parse<FetchCommand>("a FETCH 1 FULL").Items[^1]);
    }

    [Fact]
    public void Fetch_simple_items()
    {
        var fetch = Parse<FetchCommand>("a UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE RFC822 RFC822.HEADER RFC822.TEXT ENVELOPE BODY BODYSTRUCTURE UID MODSEQ EMAILID THREADID)");
        Assert.True(fetch.Uid);
        Assert.Equal("UID FETCH", fetch.Name);
        Assert.Equal(
            [FetchAttribute.Flags, FetchAttribute.InternalDate, FetchAttribute.Rfc822Size, FetchAttribute.Rfc822, FetchAttribute.Rfc822Header,
             FetchAttribute.Rfc822Text, FetchAttribute.Envelope, FetchAttribute.Body, FetchAttribute.BodyStructure, FetchAttribute.Uid,
             FetchAttribute.ModSeq, FetchAttribute.EmailId, FetchAttribute.ThreadId],
            fetch.Items.Cast<FetchAttributeItem>().Select(i => i.Attribute));
    }

    [Theory]
    [InlineData("BODY[]", "", false, null)]
    [InlineData("BODY.PEEK[]", "", true, null)]
    [InlineData("body[header]", "HEADER", false, null)]
    [InlineData("BODY[TEXT]<0.2048>", "TEXT", false, "0.2048")]
    [InlineData("BODY[1]", "1", false, null)]
    [InlineData("BODY[1.2.3]", "1.2.3", false, null)]
    [InlineData("BODY[1.2.MIME]", "1.2.MIME", false, null)]
    [InlineData("BODY[4.2.HEADER]", "4.2.HEADER", false, null)]
    [InlineData("BODY[3.TEXT]", "3.TEXT", false, null)]
    [InlineData("BODY.PEEK[HEADER.FIELDS (DATE FROM)]", "HEADER.FIELDS (DATE FROM)", true, null)]
    [InlineData("BODY[HEADER.FIELDS.NOT (Received \"X Odd\")]<10.5>", "HEADER.FIELDS.NOT (Received \"X Odd\")", false, "10.5")]
    [InlineData("BODY[2.HEADER.FIELDS (Subject)]", "2.HEADER.FIELDS (Subject)", false, null)]
    public void Fetch_body_sections(string item, string section, bool peek, string? partial)
    {
        var body = Assert.IsType<BodySectionItem>(Parse<FetchCommand>($"a FETCH 1 {item}").Items.Single());
        Assert.Equal(section, body.Section.ToString());
        Assert.Equal(peek, body.Peek);
        Assert.Equal(partial, body.Partial is { } p ? $"{p.Offset}.{p.Length}" : null);
    }

    [Fact]
    public void Fetch_binary_items()
    {
        var items = Parse<FetchCommand>("a FETCH 1 (BINARY[1.2] BINARY.PEEK[]<0.100> BINARY.SIZE[3])").Items;
        var binary = Assert.IsType<BinarySectionItem>(items[0]);
        Assert.Equal([1u, 2u], binary.Part);
        Assert.False(binary.Peek);
        var peek = Assert.IsType<BinarySectionItem>(items[1]);
        Assert.True(peek.Peek);
        Assert.Empty(peek.Part);
        Assert.Equal(new ImapPartial(0, 100), peek.Partial);
        Assert.Equal("3", Assert.IsType<BinarySizeItem>(items[2]).PartText);
    }

    [Fact]
    public void Fetch_modifiers()
    {
        var fetch = Parse<FetchCommand>("a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)");
        Assert.Equal(12345ul, fetch.ChangedSince);
        Assert.True(fetch.Vanished);
        Assert.Equal(7ul, Parse<FetchCommand>("a FETCH 1 FLAGS (CHANGEDSINCE 7)").ChangedSince);
    }

    [Theory]
    [InlineData("a FETCH")]
    [InlineData("a FETCH 1")]
    [InlineData("a FETCH 1 ()")]
    [InlineData("a FETCH 1 (FLAGS")]
    [InlineData("a FETCH 1 FOO")]
    [InlineData("a FETCH 1 (FLAGS FOO)")]
    [InlineData("a FETCH 1 BODY[")]
    [InlineData("a FETCH 1 BODY[MIME]")]
    [InlineData("a FETCH 1 BODY[0]")]
    [InlineData("a FETCH 1 BODY[1.]")]
    [InlineData("a FETCH 1 BODY[HEADER.FIELDS]")]
    [InlineData("a FETCH 1 BODY[HEADER.FIELDS ()]")]
    [InlineData("a FETCH 1 BODY[FOO]")]
    [InlineData("a FETCH 1 BODY[]<0.0>")]
    [InlineData("a FETCH 1 BODY[]<5>")]
    [InlineData("a FETCH 1 BODY.PEEK")]
    [InlineData("a FETCH 1 BINARY[TEXT]")]
    [InlineData("a FETCH 1 BINARY.SIZE")]
    [InlineData("a FETCH 1 FLAGS (CHANGEDSINCE)")]
    [InlineData("a FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)")]
    [InlineData("a UID FETCH 1 FLAGS (VANISHED)")]
    [InlineData("a FETCH 1 FLAGS (FOO)")]
    [InlineData("a FETCH 1 ALL FLAGS")]
    [InlineData("a FETCH 1 (ALL)")]
    public void Fetch_malformed(string line) => ParseError(line);

    [Fact]
    public void Store()
    {
        var store = Parse<StoreCommand>("a STORE 2:4 +FLAGS (\\deleted \\SEEN $Forwarded)");
        Assert.Equal(StoreMode.Add, store.Mode);
        Assert.False(store.Silent);
        Assert.Equal(["\\Deleted", "\\Seen", "$Forwarded"], store.Flags);
        var silent = Parse<StoreCommand>("a UID STORE 1 -FLAGS.SILENT \\Flagged \\Answered");
        Assert.True(silent.Uid);
        Assert.Equal(StoreMode.Remove, silent.Mode);
        Assert.True(silent.Silent);
        Assert.Equal(["\\Flagged", "\\Answered"], silent.Flags);
        var replace = Parse<StoreCommand>("a STORE 1 (UNCHANGEDSINCE 320162338) FLAGS ()");
        Assert.Equal(StoreMode.Replace, replace.Mode);
        Assert.Empty(replace.Flags);
        Assert.Equal(320162338ul, replace.UnchangedSince);
        Assert.Equal(0ul, Parse<StoreCommand>("a STORE 1 (UNCHANGEDSINCE 0) FLAGS x").UnchangedSince);
    }

    [Theory]
    [InlineData("a STORE 1")]
    [InlineData("a STORE 1 FLAGS")]
    [InlineData("a STORE 1 +FLAGS")]
    [InlineData("a STORE 1 *FLAGS (x)")]
    [InlineData("a STORE 1 LABELS (x)")]
    [InlineData("a STORE 1 FLAGS.LOUD (x)")]
    [InlineData("a STORE 1 FLAGS (x")]
    [InlineData("a STORE 1 FLAGS (\"x\")")]
    [InlineData("a STORE 1 (UNCHANGEDSINCE) FLAGS (x)")]
    [InlineData("a STORE 1 (FOO 1) FLAGS (x)")]
    [InlineData("a STORE 1 FLAGS (\\)")]
    public void Store_malformed(string line) => ParseError(line);

    [Fact]
    public void Copy_move_uid_expunge()
    {
        var copy = Parse<CopyCommand>("a COPY 2:4 MEETING");
        Assert.Equal(("2:4", "MEETING", false), (copy.Set.ToString(), copy.Mailbox, copy.Uid));
        var move = Parse<MoveCommand>("a UID MOVE 42:69 foo");
        Assert.Equal(("UID MOVE", "foo"), (move.Name, move.Mailbox));
        Assert.Equal("3000:3002", Parse<UidExpungeCommand>("a UID EXPUNGE 3000:3002").Uids.ToString());
        ParseError("a COPY 1");
        ParseError("a MOVE x y");
        ParseError("a UID EXPUNGE");
        ParseError("a UID");
        ParseError("a UID COPY 1 x y");
    }
}
