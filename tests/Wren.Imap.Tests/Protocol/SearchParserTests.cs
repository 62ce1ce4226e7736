using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class SearchParserTests
{
    private static SearchKey Key(string keys) => Parse<SearchCommand>("a SEARCH " + keys).Criteria;

    [Theory]
    [InlineData("ANSWERED", "\\Answered", true)]
    [InlineData("unanswered", "\\Answered", false)]
    [InlineData("DELETED", "\\Deleted", true)]
    [InlineData("UNDELETED", "\\Deleted", false)]
    [InlineData("DRAFT", "\\Draft", true)]
    [InlineData("UNDRAFT", "\\Draft", false)]
    [InlineData("FLAGGED", "\\Flagged", true)]
    [InlineData("UNFLAGGED", "\\Flagged", false)]
    [InlineData("SEEN", "\\Seen", true)]
    [InlineData("UNSEEN", "\\Seen", false)]
    [InlineData("RECENT", "\\Recent", true)]
    [InlineData("OLD", "\\Recent", false)]
    [InlineData("KEYWORD $Junk", "$Junk", true)]
    [InlineData("UNKEYWORD foo", "foo", false)]
    public void Flag_keys(string keys, string flag, bool set) => Assert.Equal(new FlagSearchKey(flag, set), Key(keys));

    [Fact]
    public void New_is_recent_and_unseen()
    {
        var and = Assert.IsType<AndSearchKey>(Key("NEW"));
        Assert.Equal([new FlagSearchKey("\\Recent", true), new FlagSearchKey("\\Seen", false)], and.Keys);
    }

    [Theory]
    [InlineData("FROM smith", "From", "smith")]
    [InlineData("TO \"john doe\"", "To", "john doe")]
    [InlineData("CC x", "Cc", "x")]
    [InlineData("BCC x", "Bcc", "x")]
    [InlineData("SUBJECT \"\"", "Subject", "")]
    [InlineData("HEADER Message-ID <x@y>", "Message-ID", "<x@y>")]
    [InlineData("HEADER \"X-Spam\" {3}\r\nyes", "X-Spam", "yes")]
    public void Header_keys(string keys, string field, string value) => Assert.Equal(new HeaderSearchKey(field, value), Key(keys));

    [Fact]
    public void Text_size_date_keys()
    {
        Assert.Equal(new TextSearchKey(TextSearchScope.Body, "hello world"), Key("BODY \"hello world\""));
        Assert.Equal(new TextSearchKey(TextSearchScope.Text, "x"), Key("TEXT x"));
        Assert.Equal(new SizeSearchKey(true, 1024), Key("LARGER 1024"));
        Assert.Equal(new SizeSearchKey(false, 9_000_000_000), Key("SMALLER 9000000000"));
        Assert.Equal(new DateSearchKey(SearchDateField.Internal, SearchDateComparison.Before, new DateOnly(1994, 2, 1)), Key("BEFORE 1-Feb-1994"));
        Assert.Equal(new DateSearchKey(SearchDateField.Internal, SearchDateComparison.On, new DateOnly(2024, 12, 31)), Key("ON \"31-dec-2024\""));
        Assert.Equal(new DateSearchKey(SearchDateField.Internal, SearchDateComparison.Since, new DateOnly(2000, 1, 1)), Key("SINCE 01-Jan-2000"));
        Assert.Equal(SearchDateField.Sent, ((DateSearchKey)Key("SENTBEFORE 1-Feb-1994")).Field);
        Assert.Equal(SearchDateComparison.On, ((DateSearchKey)Key("SENTON 1-Feb-1994")).Comparison);
        Assert.Equal(SearchDateComparison.Since, ((DateSearchKey)Key("SENTSINCE 1-Feb-1994")).Comparison);
    }

    [Fact]
    public void Sets_and_logic()
    {
        var and = Assert.IsType<AndSearchKey>(Key("1:5,7 UID 100:* NOT (SEEN FLAGGED) OR DELETED $ ALL"));
        Assert.Equal(5, and.Keys.Count);
        Assert.Equal("1:5,7", Assert.IsType<SequenceSetSearchKey>(and.Keys[0]).Set.ToString());
        Assert.True(Assert.IsType<SequenceSetSearchKey>(and.Keys[1]).Uid);
        var not = Assert.IsType<NotSearchKey>(and.Keys[2]);
        Assert.Equal(2, Assert.IsType<AndSearchKey>(not.Key).Keys.Count);
        var or = Assert.IsType<OrSearchKey>(and.Keys[3]);
        Assert.True(Assert.IsType<SequenceSetSearchKey>(or.Right).Set.IsSavedResult);
        Assert.Same(AllSearchKey.Instance, and.Keys[4]);
        Assert.IsType<FlagSearchKey>(Key("(SEEN)"));
    }

    [Fact]
    public void Extension_keys()
    {
        Assert.Equal(new ModSeqSearchKey(620162338, null, null), Key("MODSEQ 620162338"));
        Assert.Equal(new ModSeqSearchKey(5, "/flags/\\draft", "all"), Key("MODSEQ \"/flags/\\\\draft\" all 5"));
        Assert.Equal(new AgeSearchKey(true, 3600), Key("OLDER 3600"));
        Assert.Equal(new AgeSearchKey(false, 60), Key("YOUNGER 60"));
        Assert.Equal(new ObjectIdSearchKey(false, "M6d99ac3275bb4e"), Key("EMAILID M6d99ac3275bb4e"));
        Assert.Equal(new ObjectIdSearchKey(true, "T64b478a75b7ea9"), Key("THREADID T64b478a75b7ea9"));
    }

    [Fact]
    public void Charset_and_return()
    {
        var search = Parse<SearchCommand>("a UID SEARCH RETURN (MIN MAX COUNT SAVE) CHARSET utf-8 SUBJECT \"Grüße\"");
        Assert.True(search.Uid);
        Assert.Equal("UTF-8", search.Charset);
        Assert.Equal(SearchReturnOptions.Min | SearchReturnOptions.Max | SearchReturnOptions.Count | SearchReturnOptions.Save, search.Return);
        Assert.Equal(new HeaderSearchKey("Subject", "Grüße"), search.Criteria);
        Assert.Equal(SearchReturnOptions.All, Parse<SearchCommand>("a SEARCH RETURN () ALL").Return);
        Assert.Null(Parse<SearchCommand>("a SEARCH ALL").Return);
        Assert.Null(Parse<SearchCommand>("a SEARCH ALL").Charset);
    }

    [Fact]
    public void Charset_decodes_search_strings()
    {
        byte[] latin1 = [.. Bytes("a SEARCH CHARSET ISO-8859-1 BODY {4}\r\n"), 0x47, 0x72, 0xFC, 0xDF, .. Bytes("\r\n")];
        var search = (SearchCommand)ImapCommandParser.Parse(latin1);
        Assert.Equal(new TextSearchKey(TextSearchScope.Body, "Grüß"), search.Criteria);
        Assert.Equal("WINDOWS-1252", Parse<SearchCommand>("a SEARCH CHARSET windows-1252 ALL").Charset);
    }

    [Theory]
    [InlineData("a SEARCH CHARSET X-UNKNOWN-CHARSET ALL")]
    [InlineData("a SEARCH CHARSET UTF-7 ALL")] // .NET refuses UTF-7 (found by the property test)
    [InlineData("a SORT (DATE) \"\" ALL")]
    public void Unknown_charset_is_NO_BADCHARSET(string line)
    {
        ImapParseException ex = ParseError(line);
        Assert.Equal(ImapErrorKind.BadCharset, ex.Kind);
        var error = new ImapCommandError("a", ex.Kind, ex.Message);
        Assert.Equal((ImapResponseStatus.No, "BADCHARSET"), (error.Status, error.ResponseCode));
    }

    [Theory]
    [InlineData("a SEARCH")]
    [InlineData("a SEARCH FOO")]
    [InlineData("a SEARCH ALL FOO")]
    [InlineData("a SEARCH (SEEN")]
    [InlineData("a SEARCH ()")]
    [InlineData("a SEARCH NOT")]
    [InlineData("a SEARCH OR SEEN")]
    [InlineData("a SEARCH BEFORE 32-Jan-2020")]
    [InlineData("a SEARCH BEFORE 29-Feb-2023")]
    [InlineData("a SEARCH BEFORE 1-Foo-2020")]
    [InlineData("a SEARCH BEFORE 1-Jan-20")]
    [InlineData("a SEARCH SINCE")]
    [InlineData("a SEARCH LARGER x")]
    [InlineData("a SEARCH LARGER -1")]
    [InlineData("a SEARCH UID")]
    [InlineData("a SEARCH UID x")]
    [InlineData("a SEARCH HEADER Subject")]
    [InlineData("a SEARCH KEYWORD")]
    [InlineData("a SEARCH KEYWORD \\Seen")]
    [InlineData("a SEARCH CHARSET")]
    [InlineData("a SEARCH CHARSET UTF-8")]
    [InlineData("a SEARCH RETURN (FOO) ALL")]
    [InlineData("a SEARCH RETURN ALL")]
    [InlineData("a SEARCH RETURN (MIN)")]
    [InlineData("a SEARCH MODSEQ")]
    [InlineData("a SEARCH MODSEQ \"/flags/\\\\seen\" bogus 5")]
    [InlineData("a SEARCH OLDER 0")]
    [InlineData("a SEARCH EMAILID a.b")]
    [InlineData("a SEARCH  ALL")]
    [InlineData("a SEARCH ALL ")]
    [InlineData("a SEARCH 0")]
    public void Search_malformed(string line) => ParseError(line);

    [Fact]
    public void Deep_nesting_is_a_limit_not_a_crash()
    {
        string deep = "a SEARCH " + string.Concat(Enumerable.Repeat("NOT ", 5000)) + "ALL";
        Assert.Equal(ImapErrorKind.NestingTooDeep, ParseError(deep).Kind);
        string parens = "a SEARCH " + new string('(', 5000) + "ALL" + new string(')', 5000);
        Assert.Equal(ImapErrorKind.NestingTooDeep, ParseError(parens).Kind);
        Assert.IsType<NotSearchKey>(Key(string.Concat(Enumerable.Repeat("NOT ", 20)) + "ALL"));
    }

    [Fact]
    public void Sort()
    {
        var sort = Parse<SortCommand>("a UID SORT (REVERSE ARRIVAL subject DISPLAYFROM) UTF-8 SINCE 1-Feb-1994");
        Assert.True(sort.Uid);
        Assert.Equal([new SortCriterion(SortKey.Arrival, true), new SortCriterion(SortKey.Subject, false), new SortCriterion(SortKey.DisplayFrom, false)], sort.SortBy);
        Assert.Equal("UTF-8", sort.Charset);
        Assert.IsType<DateSearchKey>(sort.Criteria);
        Assert.Null(sort.Return);
        Assert.Equal(SearchReturnOptions.Min | SearchReturnOptions.Count,
            Parse<SortCommand>("a SORT RETURN (MIN COUNT) (DATE) US-ASCII ALL").Return);
        foreach (string line in new[] { "a SORT", "a SORT (DATE)", "a SORT (DATE) UTF-8", "a SORT () UTF-8 ALL", "a SORT (REVERSE) UTF-8 ALL",
                     "a SORT (FOO) UTF-8 ALL", "a SORT DATE UTF-8 ALL", "a SORT (DATE) UTF-8 FOO" })
            ParseError(line);
    }

    [Fact]
    public void Thread()
    {
        var thread = Parse<ThreadCommand>("a THREAD references UTF-8 SINCE 5-MAR-2000");
        Assert.Equal(ThreadAlgorithm.References, thread.Algorithm);
        Assert.Equal(ThreadAlgorithm.OrderedSubject, Parse<ThreadCommand>("a UID THREAD ORDEREDSUBJECT US-ASCII ALL").Algorithm);
        foreach (string line in new[] { "a THREAD", "a THREAD REFS UTF-8 ALL", "a THREAD REFERENCES", "a THREAD REFERENCES UTF-8", "a THREAD (REFERENCES) UTF-8 ALL" })
            ParseError(line);
    }
}
