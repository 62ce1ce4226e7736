using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// The runner against Dovecot 2.3.19.1's recorded replies (<c>Fixtures/*.transcript</c>, replayed on loopback by
/// <see cref="ReplayServer"/>): the recorded run passes, and each mutation of one reply fails it for the right reason.
/// </summary>
public sealed class FixtureReplayTests
{
    [Theory]
    [InlineData("select")]
    [InlineData("fetch")]
    [InlineData("expunge")]
    [InlineData("esearch")]
    [InlineData("list")]
    [InlineData("pipeline")]
    [InlineData("uidplus")]
    [InlineData("move")]
    [InlineData("append")]
    [InlineData("fetch-body")]
    [InlineData("append-binary")]
    public async Task Dovecot_replies_pass(string name)
    {
        var (result, errors) = await ReplayAsync(name, text => text);
        Assert.Empty(errors);
        Assert.True(result.Outcome == ScriptOutcome.Passed, result.ToString());
    }

    [Theory]
    // Tagged reply prefixes: [READ-WRITE] expected.
    [InlineData("select", "1.11 OK [READ-WRITE]", "1.11 OK [READ-ONLY]", "Expected tagged reply")]
    // $uidnext bound by EXAMINE must equal STATUS's UIDNEXT.
    [InlineData("select", "UIDNEXT 3 UIDVALIDITY", "UIDNEXT 4 UIDVALIDITY", "Missing 1 untagged")]
    // FETCH FLAGS allow no extra flag but \Recent.
    [InlineData("fetch", "* 1 FETCH (FLAGS (\\Recent) INTERNALDATE", "* 1 FETCH (FLAGS (\\Recent \\Seen) INTERNALDATE", "Missing 1 untagged")]
    // $1 and $3 follow the EXPUNGEs: after 3 goes, message 1 is still 1.
    [InlineData("expunge", "* 3 EXPUNGE\r\n* 1 EXPUNGE\r\n2.5 OK", "* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n2.5 OK", "Missing 1 untagged")]
    // $tag is the command's tag.
    [InlineData("esearch", "* ESEARCH (TAG \"1.16\")", "* ESEARCH (TAG \"1.15\")", "Missing 1 untagged")]
    // A reply the script bans with "!".
    [InlineData("list", "2.6 OK List", "* LIST (\\HasNoChildren) \".\" imaptest.test3.test4\r\n2.6 OK List", "Unexpected untagged match")]
    // A pipelined command's tagged reply.
    [InlineData("pipeline", "1.8 OK", "1.8 NO", "Expected tagged reply")]
    // COPYUID's UIDVALIDITY must be the one APPENDUID gave.
    [InlineData("uidplus", "[COPYUID 1796274192 1 2]", "[COPYUID 1796274193 1 2]", "Expected tagged reply")]
    // MOVE's COPYUID names the destination's UIDNEXT.
    [InlineData("move", "[COPYUID 1796274201 1 1]", "[COPYUID 1796274201 1 2]", "Missing 1 untagged")]
    // STATUS values (unordered pairs) are compared.
    [InlineData("append", "(MESSAGES 1 RECENT 0 UNSEEN 0)", "(MESSAGES 1 RECENT 1 UNSEEN 0)", "Missing 1 untagged")]
    // Literal content, byte for byte (a CR kept by a literal8 in the script).
    [InlineData("fetch-body", "BODY[TEXT]<5> {2}\r\n3\r)", "BODY[TEXT]<5> {2}\r\n3\n)", "Missing 1 untagged")]
    // BINARY.SIZE.
    [InlineData("append-binary", "BINARY.SIZE[1] 7", "BINARY.SIZE[1] 8", "Missing 1 untagged")]
    public async Task A_mutated_reply_fails(string name, string find, string replace, string reason)
    {
        var (result, _) = await ReplayAsync(name, text =>
        {
            int at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' is not in {name}.transcript");
            return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
        });
        Assert.Equal(ScriptOutcome.Failed, result.Outcome);
        Assert.Contains(reason, result.Failure!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fetch-body")]
    [InlineData("append-binary")]
    public async Task Without_literal_plus_literals_wait_for_the_continuation(string name)
    {
        var (result, errors) = await ReplayAsync(name, text => text, withoutLiteralPlus: true);
        Assert.Empty(errors);
        Assert.True(result.Outcome == ScriptOutcome.Passed, result.ToString());
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_script()
    {
        var (result, _) = await ReplayAsync("select", text => text[..text.IndexOf("* 2 EXISTS", StringComparison.Ordinal)] + ReplayServer.CloseMarker + "\n");
        Assert.Equal(ScriptOutcome.Failed, result.Outcome);
        Assert.Contains("Unexpected disconnection", result.Failure!.Reason, StringComparison.Ordinal);
    }

    private static async Task<(ScriptResult Result, List<string> Errors)> ReplayAsync(string name, Func<string, string> mutate, bool withoutLiteralPlus = false)
    {
        string text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(FixtureFolder(), name + ".transcript")));
        // The capabilities Dovecot gave after LOGIN in the recorded run.
        var capabilities = Regex.Match(text, @"OK \[CAPABILITY ([^\]]*)\] Logged in").Groups[1].Value.Split(' ');
        await using var server = new ReplayServer(Encoding.Latin1.GetBytes(mutate(text)));
        var runner = new ImaptestRunner(new ImaptestOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            User = "testuser",
            Password = "pass",
            Capabilities = withoutLiteralPlus ? capabilities.Where(c => c != "LITERAL+").ToArray() : capabilities,
            ResponseTimeout = TimeSpan.FromSeconds(20),
        });
        var result = await runner.RunAsync(ImaptestSuite.Load(name));
        return (result, server.Errors);
    }

    /// <summary>The fixtures are read in place from the source tree, next to this file.</summary>
    private static string FixtureFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")))
                return Path.Combine(dir.FullName, "tests", "Wren.Interop.Tests", "Imaptest", "Fixtures");
        }
        throw new DirectoryNotFoundException("Wren.slnx not found above " + AppContext.BaseDirectory);
    }
}
