namespace Wren.Interop.Tests.Imaptest;

public sealed class ScriptParserTests
{
    [Theory]
    [MemberData(nameof(ImaptestSuite.Names), MemberType = typeof(ImaptestSuite))]
    public void Every_script_parses(string name)
    {
        var script = ImaptestSuite.Load(name);
        Assert.NotEmpty(script.Groups);
        Assert.NotNull(script.MboxPath);
        foreach (var group in script.Groups)
        {
            Assert.InRange(group.ConnectionIndex, 0, script.ConnectionCount - 1);
            Assert.All(group.Commands, c => Assert.True(c.HasReply, $"line {c.LineNumber} has no reply"));
        }
        // Every script ends by logging out (the parser adds LOGOUT unless the script has one).
        Assert.Contains(script.Groups, g => g.ExpectsBye || g.Commands.Any(c => c.Text.Equals("logout", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_folder_holds_the_72_groups_imaptest_runs()
    {
        var names = ImaptestSuite.ScriptNames();
        Assert.Equal(72, names.Count);
        Assert.DoesNotContain("default.mbox", names);
        Assert.DoesNotContain("search-intdate", names); // broken/ is not run
    }

    [Fact]
    public void Header_values_are_read()
    {
        var esearch = ImaptestSuite.Load("esearch");
        Assert.Equal(["ESEARCH"], esearch.RequiredCapabilities);
        Assert.Null(esearch.MessageCount); // messages: all
        Assert.Equal(ScriptState.Selected, esearch.State);
        Assert.EndsWith("esearch.mbox", esearch.MboxPath);

        var append = ImaptestSuite.Load("append");
        Assert.Equal(3, append.ConnectionCount);
        Assert.Equal(ScriptState.Created, append.State);
        Assert.Equal(0, append.MessageCount ?? -1); // the default is no message
        Assert.EndsWith("default.mbox", append.MboxPath);

        var urlauth2 = ImaptestSuite.Load("urlauth2");
        Assert.True(urlauth2.RequiresUser2);
        Assert.Equal("$user2", urlauth2.ConnectionUsers[2]);
    }

    [Fact]
    public void Pipelined_commands_form_one_group_with_their_tagged_replies()
    {
        var script = ImaptestSuite.Load("pipeline");
        Assert.Equal(3, script.Groups.Count); // two pipelines and the LOGOUT added
        var status = script.Groups[1];
        Assert.Equal([1, 2, 3, 4], status.Commands.Select(c => c.Tag));
        Assert.Equal("status ${mailbox}2 (messages)", status.Commands[1].Text);
        Assert.Equal(4, status.Untagged.Count);
        Assert.All(status.Commands, c => Assert.Equal("ok", ImapArg.Format(c.Reply)));
    }

    [Fact]
    public void Method_2_replies_keep_their_prefix_and_connection()
    {
        var script = ImaptestSuite.Load("append");
        var last = script.Groups[^2];
        Assert.Equal(0, last.ConnectionIndex);
        Assert.Equal("append ${mailbox}nonexistent", last.Commands[0].Text);
        Assert.Equal("no [trycreate]", ImapArg.Format(last.Commands[0].Reply));
        Assert.Equal("", ImaptestSuite.Load("uidplus").Groups[2].Commands[0].Reply[0].Text); // "" accepts any reply
    }

    [Fact]
    public void Multi_line_literals_become_sized_literals()
    {
        var multiappend = ImaptestSuite.Load("multiappend");
        var parts = CommandBuilder.Split(multiappend.Groups[0].Commands[0].Text);
        Assert.Equal(3, parts.Count);
        Assert.Equal("From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nSubject: mail1\r\n\r\nbody1", parts[0].Literal);
        Assert.Equal("append $mailbox ", parts[0].Text);

        // A literal8 keeps the file's CRs and joins lines with LF; the newline before }}} is not part of it.
        var fetchBody = ImaptestSuite.Load("fetch-body");
        var partial = fetchBody.Groups.Single(g => g.Commands.Any(c => c.Text == "fetch 3 body.peek[text]<5.2>"));
        Assert.Equal("3\r", partial.Untagged[0].Args[2].Items.Last().Text);
        var binary = ImaptestSuite.Load("append-binary").Groups.Single(g => g.Commands[0].Text.StartsWith("fetch 1 (binary.size", StringComparison.Ordinal));
        Assert.Equal("\0-\u00e4\n\r\n", binary.Untagged[0].Args[2].Items.Last().Text);
    }

    [Fact]
    public void Default_directives_are_added_where_imaptest_adds_them()
    {
        var store = ImaptestSuite.Load("store");
        string fetch = store.Groups[0].Untagged[0].ToString();
        Assert.Equal("1 fetch ($!unordered=2 flags ($!unordered $!noextra $!ignore=\\recent $!ignore=$HasAttachment $!ignore=$HasNoAttachment \\seen))", fetch);
        var list = ImaptestSuite.Load("list").Groups[0].Untagged[0].ToString();
        Assert.Equal("list ($!unordered) $sep $root", list);
        var status = ImaptestSuite.Load("select").Groups.First(g => g.Commands[0].Text.StartsWith("status", StringComparison.Ordinal)).Untagged[0].ToString();
        Assert.StartsWith("status $mailbox ($!unordered=2 messages 2", status);
        // Explicit directives replace the defaults.
        var listext = ImaptestSuite.Load("listext");
        Assert.Contains(listext.Groups.SelectMany(g => g.Untagged), u => u.ToString() == "list ($!unordered $!ban=\\noselect \\subscribed \\nonexistent) $sep $mailbox${sep}test6");
    }

    [Fact]
    public void Ifenv_blocks_follow_the_environment()
    {
        const string text = "state: auth\n\nok noop\n!ifenv HAVE_FOO\nok foo\n!else\nok bar\n!endif\n!ifnenv HAVE_FOO\nok baz\n!endif\n";
        var with = ScriptParser.Parse("t", text, environmentHas: v => v == "HAVE_FOO");
        Assert.Equal(["noop", "foo", "logout"], with.Groups.Select(g => g.Commands[0].Text));
        var without = ScriptParser.Parse("t", text, environmentHas: _ => false);
        Assert.Equal(["noop", "bar", "baz", "logout"], without.Groups.Select(g => g.Commands[0].Text));
    }

    [Theory]
    [InlineData("bogus: 1\n\nok noop\n", "Unknown setting")]
    [InlineData("\nselect x\nnoop\n", "Missing reply from previous command group")]
    [InlineData("\nselect x\n", "missing reply")]
    [InlineData("connections: 2\n\nok noop\n", "Missing client index")]
    [InlineData("\nok fetch 1 (a $!bogus)\n* 1 fetch ($!bogus)\n", "Unknown directive")]
    [InlineData("\nok fetch 1 uid\n* 1 fetch ($!unordered=2 uid)\n", "chain size=2")]
    [InlineData("\nok append x {{{\nabc\n", "not ended")]
    public void Broken_scripts_are_refused_with_the_line(string text, string message)
    {
        var e = Assert.Throws<ScriptParseException>(() => ScriptParser.Parse("t", text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
