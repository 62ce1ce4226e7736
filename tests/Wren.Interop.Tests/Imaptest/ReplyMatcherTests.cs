namespace Wren.Interop.Tests.Imaptest;

public sealed class ReplyMatcherTests
{
    private readonly ScriptVariables _variables = new();
    private readonly ReplyMatcher _matcher;

    public ReplyMatcherTests() => _matcher = new ReplyMatcher(_variables);

    private bool Untagged(string pattern, string reply) =>
        _matcher.Match(ExpectationDefaults.Apply(ImapArgParser.Parse(pattern)), ImapArgParser.Parse(reply), prefix: false) == ReplyMatcher.Full;

    private bool Tagged(string pattern, string reply) =>
        _matcher.Match(ImapArgParser.Parse(pattern), ImapArgParser.Parse(reply), prefix: true) == ReplyMatcher.Full;

    [Fact]
    public void A_variable_binds_on_its_first_match_and_must_match_afterwards()
    {
        Assert.True(Untagged("1 fetch (uid $uid1)", "1 FETCH (UID 42)"));
        Assert.Equal("42", _variables["uid1"]);
        Assert.True(Untagged("2 fetch (uid $uid1)", "2 FETCH (UID 42)"));
        Assert.False(Untagged("2 fetch (uid $uid1)", "2 FETCH (UID 43)"));
    }

    [Fact]
    public void A_failed_attempt_unbinds_what_it_bound()
    {
        Assert.False(Untagged("search $a x", "SEARCH 1 y"));
        Assert.Null(_variables["a"]);
    }

    [Fact]
    public void A_variable_takes_the_text_up_to_the_next_pattern_character()
    {
        Assert.True(Untagged("esearch (tag $tag) uid all $uid1:$uid3", "ESEARCH (TAG \"1.5\") UID ALL 10:12"));
        Assert.Equal("1.5", _variables["tag"]);
        Assert.Equal("10", _variables["uid1"]);
        Assert.Equal("12", _variables["uid3"]);
        Assert.True(Untagged("ok [uidnext $next]", "OK [UIDNEXT 7]"));
        Assert.Equal("7", _variables["next"]);
    }

    [Fact]
    public void Text_is_case_insensitive_but_bound_values_and_case_markers_are_not()
    {
        Assert.True(Untagged("list () \"/\" inbox", "LIST () \"/\" INBOX"));
        Assert.True(Untagged("list () $sep ${case:INBOX}", "LIST () \"/\" INBOX"));
        Assert.False(Untagged("list () $sep ${case:INBOX}", "LIST () \"/\" Inbox"));
        _variables.Set("box", "Foo");
        Assert.False(Untagged("status $box (messages 1)", "STATUS foo (MESSAGES 1)"));
    }

    [Fact]
    public void Dollar_alone_matches_any_argument_or_list_and_double_dollar_is_a_dollar()
    {
        Assert.True(Untagged("1 fetch (uid $ flags $)", "1 FETCH (UID 3 FLAGS (\\Seen))"));
        Assert.True(Untagged("1 fetch (flags ($$keyword1))", "1 FETCH (FLAGS ($keyword1))"));
        Assert.True(Tagged("ok [capability $]", "OK [CAPABILITY IMAP4rev1 IDLE] Logged in"));
    }

    [Fact]
    public void Fetch_items_match_in_any_order_and_extra_items_are_allowed()
    {
        Assert.True(Untagged("1 fetch (flags (\\seen) uid 5)", "1 FETCH (UID 5 MODSEQ (3) FLAGS (\\Seen))"));
        Assert.False(Untagged("1 fetch (flags (\\seen) uid 5)", "1 FETCH (UID 6 FLAGS (\\Seen))"));
    }

    [Fact]
    public void Fetch_flags_allow_no_extra_flag_but_recent()
    {
        Assert.True(Untagged("1 fetch (flags (\\seen))", "1 FETCH (FLAGS (\\Recent \\Seen))"));
        Assert.False(Untagged("1 fetch (flags (\\seen))", "1 FETCH (FLAGS (\\Seen \\Flagged))"));
        Assert.True(Untagged("1 fetch (flags ())", "1 FETCH (FLAGS ())"));
        Assert.True(Untagged("1 fetch (flags ($!unordered $!extra \\seen))", "1 FETCH (FLAGS (\\Seen \\Flagged))"));
        // Explicit directives replace the defaults: $!extra alone leaves the list ordered and whole.
        Assert.False(Untagged("1 fetch (flags ($!extra))", "1 FETCH (FLAGS (\\Seen))"));
    }

    [Fact]
    public void Other_lists_match_in_order_and_whole()
    {
        Assert.True(Untagged("1 fetch (envelope (a b))", "1 FETCH (ENVELOPE (a b))"));
        Assert.False(Untagged("1 fetch (envelope (a b))", "1 FETCH (ENVELOPE (b a))"));
        Assert.False(Untagged("1 fetch (envelope (a b))", "1 FETCH (ENVELOPE (a b c))"));
        Assert.True(Untagged("1 fetch (envelope ($!unordered))", "1 FETCH (ENVELOPE (a b c))"));
    }

    [Fact]
    public void Banned_and_ignored_elements()
    {
        Assert.False(Untagged("list ($!unordered $!ban=\\noselect \\subscribed) $sep x", "LIST (\\Subscribed \\NoSelect) \"/\" x"));
        Assert.True(Untagged("list ($!unordered $!ban=\\noselect \\subscribed) $sep x", "LIST (\\Subscribed \\NonExistent) \"/\" x"));
        Assert.True(Untagged("list ($!unordered $!noextra $!ignore=\\marked \\subscribed) $sep x", "LIST (\\Marked \\Subscribed) \"/\" x"));
        Assert.False(Untagged("list ($!unordered $!noextra \\subscribed) $sep x", "LIST (\\Marked \\Subscribed) \"/\" x"));
    }

    [Fact]
    public void Nil_matches_only_nil()
    {
        Assert.True(Untagged("urlfetch x NIL", "URLFETCH x NIL"));
        Assert.False(Untagged("urlfetch x NIL", "URLFETCH x \"NIL\""));
        Assert.False(Untagged("urlfetch x \"\"", "URLFETCH x NIL"));
    }

    [Fact]
    public void Tagged_replies_and_status_responses_match_as_prefixes()
    {
        Assert.True(Tagged("ok", "OK [READ-WRITE] Select completed (0.001 + 0.000 secs)."));
        Assert.True(Tagged("no [trycreate]", "NO [TRYCREATE] Mailbox doesn't exist: x"));
        Assert.False(Tagged("ok [read-write]", "OK [READ-ONLY] Examine completed."));
        Assert.True(Tagged("", "BAD Error in IMAP command"));
        Assert.True(Tagged("ok [appenduid $uidvalidity $uid]", "OK [APPENDUID 1796274192 1] Append completed."));
        Assert.Equal("1796274192", _variables["uidvalidity"]);
        Assert.Equal("1", _variables["uid"]);
        Assert.True(Tagged("bye", "BYE Logging out"));
    }

    [Fact]
    public void Literals_compare_by_content()
    {
        Assert.True(Untagged("1 fetch (body[] {3}\r\nabc)", "1 FETCH (BODY[] \"abc\")"));
        Assert.False(Untagged("1 fetch (body[] {3}\r\nabc)", "1 FETCH (BODY[] {4}\r\nabcd)"));
        // Text ends at a NUL, as in imaptest's C strings.
        Assert.True(Untagged("1 fetch (binary[1] ~{2}\r\n\0a)", "1 FETCH (BINARY[1] ~{3}\r\n\0bc)"));
    }

    [Fact]
    public void Relative_sequences_follow_expunges()
    {
        _variables.ResetSequences(4);
        Assert.True(Untagged("$3 expunge", "3 EXPUNGE"));
        _variables.Expunged(3);
        Assert.Equal("<expunged>", _variables.RelativeSequence(3));
        Assert.Equal("3", _variables.RelativeSequence(4));
        Assert.True(Untagged("$1 expunge", "1 EXPUNGE"));
        _variables.Expunged(1);
        Assert.Equal("1", _variables.RelativeSequence(2));
        Assert.True(Untagged("$4 fetch (flags ())", "2 FETCH (FLAGS ())"));
    }

    [Fact]
    public void Modseq_variables_must_grow_by_at_least_their_index_gap()
    {
        Assert.True(Untagged("1 fetch (modseq ($modseq2))", "1 FETCH (MODSEQ (10))"));
        Assert.False(Untagged("1 fetch (modseq ($modseq5))", "1 FETCH (MODSEQ (12))"));
        Assert.True(Untagged("1 fetch (modseq ($modseq5))", "1 FETCH (MODSEQ (13))"));
        Assert.False(Untagged("1 fetch (modseq ($modseq9))", "1 FETCH (MODSEQ (x))"));
    }
}
