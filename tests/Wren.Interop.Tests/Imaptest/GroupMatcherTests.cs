namespace Wren.Interop.Tests.Imaptest;

public sealed class GroupMatcherTests
{
    private static (GroupMatcher Matcher, ScriptVariables Variables) For(string script, int group = 0, bool ignoreExtra = true)
    {
        var parsed = ScriptParser.Parse("t", script);
        var variables = new ScriptVariables();
        variables.Set("mailbox", "imaptest");
        return (new GroupMatcher(parsed.Groups[group], new ReplyMatcher(variables), ignoreExtra), variables);
    }

    private static IReadOnlyList<ImapArg> Reply(string text) => ImapArgParser.Parse(text);

    [Fact]
    public void One_reply_may_meet_several_expectations()
    {
        var (m, v) = For("\nok list \"\" \"\"\n* list () $sep $root\n* list (\\noselect) $sep $root\n");
        Assert.Null(m.Untagged(Reply("LIST (\\Noselect) \"/\" \"\""), null));
        Assert.Null(m.Finish(s => s));
        Assert.Equal("/", v["sep"]);
    }

    [Fact]
    public void A_missing_reply_is_reported_with_the_closest_one()
    {
        var (m, _) = For("\nok fetch 1 uid\n* 1 fetch (uid 5)\n");
        Assert.Null(m.Untagged(Reply("1 FETCH (UID 6)"), null));
        var problem = m.Finish(s => s);
        Assert.NotNull(problem);
        Assert.StartsWith("Missing 1 untagged replies (1 mismatches)", problem.Value.Reason, StringComparison.Ordinal);
        Assert.Equal("* 1 FETCH (UID 6)", problem.Value.Got);
    }

    [Fact]
    public void A_banned_reply_fails_at_once()
    {
        var (m, _) = For("\nok noop\n! 1 expunge\n");
        Assert.Null(m.Untagged(Reply("2 EXPUNGE"), null));
        Assert.Contains("Unexpected untagged match", m.Untagged(Reply("1 EXPUNGE"), null), StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_replies_fail_only_when_the_script_says_so()
    {
        var (lenient, _) = For("\nok noop\n* 1 exists\n");
        lenient.Untagged(Reply("1 EXISTS"), null);
        lenient.Untagged(Reply("1 RECENT"), null);
        Assert.Null(lenient.Finish(s => s));

        var (strict, _) = For("ignore_extra_untagged: no\n\nok noop\n* 1 exists\n", ignoreExtra: false);
        strict.Untagged(Reply("1 EXISTS"), null);
        strict.Untagged(Reply("1 RECENT"), null);
        Assert.Equal("* 1 RECENT", strict.Finish(s => s)!.Value.Got);
    }

    [Fact]
    public void Tag_is_the_group_commands_tag()
    {
        var (m, _) = For("\nok search return () all\n* esearch (tag $tag)\n");
        Assert.Null(m.Untagged(Reply("ESEARCH (TAG \"1.4\")"), "1.3"));
        Assert.NotNull(m.Finish(s => s));
        Assert.Null(m.Untagged(Reply("ESEARCH (TAG \"1.3\")"), "1.3"));
        Assert.Null(m.Finish(s => s));
    }

    [Fact]
    public void Ordered_groups_take_replies_in_their_order()
    {
        var (m, _) = For("\nok noop\n!ordered\n* 1 exists\n* 2 exists\n");
        m.Untagged(Reply("2 EXISTS"), null);
        m.Untagged(Reply("1 EXISTS"), null);
        Assert.NotNull(m.Finish(s => s));
    }
}
