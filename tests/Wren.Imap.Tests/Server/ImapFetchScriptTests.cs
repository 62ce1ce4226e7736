using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wren.Store.Messages;
using Wren.Testing;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Dovecot's imaptest FETCH scripts (shared/testdata/imaptest-scripts, format in its SOURCE.md): the script's
/// mbox is stored, then every FETCH must give the expected responses, literals (<c>{{{…}}}</c>) included, compared
/// as imaptest does (case-insensitively). Literal and literal8 are not told apart: Wren sends literal8 only for
/// content with NUL (RFC 9051 §4.3, RFC 3516 §4.2), where Dovecot also uses it for other cut-up binary ranges.
/// </summary>
public sealed partial class ImapFetchScriptTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Theory]
    [InlineData("fetch-body")]
    [InlineData("fetch-body-mime")]
    [InlineData("fetch-body-message-rfc822")]
    [InlineData("fetch-body-message-rfc822-mime")]
    [InlineData("fetch-body-message-rfc822-x2")]
    [InlineData("fetch-bodystructure")]
    [InlineData("fetch-envelope")]
    [InlineData("fetch")]
    [InlineData("fetch-binary-mime")]
    [InlineData("fetch-binary-mime-base64")]
    [InlineData("fetch-binary-mime-qp")]
    public async Task Script_passes(string script)
    {
        string dir = TestData.Path("imaptest-scripts");
        // Split on LF only: a literal in a script may hold a bare CR.
        string[] lines = File.ReadAllText(Path.Combine(dir, script), Encoding.Latin1).Split('\n');
        string mbox = Path.Combine(dir, script + ".mbox");
        var box = await ImapMailboxData.NewMailboxAsync(fixture, script);
        // "messages: N" in the header stores only the first N.
        string? count = lines.TakeWhile(l => l.Length > 0).FirstOrDefault(l => l.StartsWith("messages:", StringComparison.Ordinal))?["messages:".Length..].Trim();
        List<byte[]> messages = ReadMbox(File.Exists(mbox) ? mbox : Path.Combine(dir, "default.mbox"));
        // Variables a command may use: $mailbox, $uidN (the Nth message's UID), $uidnext (after the appends).
        var variables = new Dictionary<string, string> { ["mailbox"] = box.Name };
        foreach (byte[] message in messages.Take(count is null or "all" ? messages.Count : int.Parse(count, CultureInfo.InvariantCulture)))
        {
            AppendResult appended = await ImapMailboxData.AppendAsync(fixture, box.Name, message);
            variables["uid" + (variables.Count)] = appended.Uid.ToString(CultureInfo.InvariantCulture);
        }
        var user = await ImapMailboxData.UserAsync(fixture);
        variables["uidnext"] = (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.UidNext.ToString(CultureInfo.InvariantCulture);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");

        int tag = 0;
        var commands = Parse(lines.SkipWhile(l => l.Length > 0));
        foreach ((string expect, string command, List<string> untagged) in commands)
        {
            string t = "t" + ++tag;
            // STATUS is another area's; the variables it would set are matched as wildcards anyway.
            if (command.StartsWith("status ", StringComparison.OrdinalIgnoreCase))
                continue;
            List<string> reply = await c.CommandWithLiteralsAsync(t, CommandVariable().Replace(command, m => variables[m.Groups[1].Value]));
            string context = $"{script}: {command} -> {string.Join(" | ", reply)}";
            Assert.True(reply[^1].StartsWith($"{t} {expect.ToUpperInvariant()}", StringComparison.Ordinal), context);
            // imaptest keeps track of \Recent itself; the scripts leave it out.
            var got = reply.Select(r => Normalize(RecentFlag().Replace(Canonical(r), ""))).ToList();
            foreach (string wanted in untagged)
            {
                // "! …" is a response that must not come.
                bool banned = wanted.StartsWith('!');
                string line = Normalize(banned ? "*" + wanted[1..] : wanted);
                Assert.True(Matches(line, got) != banned,
                    $"{context}\n{(banned ? "banned" : "expected")} {line}\ngot      {string.Join("\n         ", got)}");
            }
        }
        Assert.NotEmpty(commands);
    }

    // A FETCH response matches as imaptest merges them: the items expected appear, in order, in what the server
    // sent for that message (it may send more, e.g. FLAGS after a \Seen it set). $variables match anything.
    private static bool Matches(string expected, List<string> got)
    {
        Match fetch = FetchResponse().Match(expected);
        if (!fetch.Success)
            return got.Any(g => Pattern(expected).IsMatch(g));
        string prefix = $"* {fetch.Groups[1].Value} FETCH (";
        Regex items = Pattern(fetch.Groups[2].Value, whole: false);
        return got.Any(g => g.StartsWith(prefix, StringComparison.Ordinal) && items.IsMatch(g[prefix.Length..^1]));
    }

    private static Regex Pattern(string text, bool whole = true)
    {
        string pattern = Variable().Replace(Regex.Escape(text), ".*?");
        return new Regex(whole ? "^" + pattern + "$" : pattern, RegexOptions.Singleline);
    }

    [GeneratedRegex(@"^\* (\d+) FETCH \((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex FetchResponse();

    [GeneratedRegex(@"\\\$!?\w+")]
    private static partial Regex Variable();

    // imaptest compares case-insensitively, a literal like the quoted string of the same content; literal8
    // (~{n}) like a literal (see above); and its scripts cannot always show a bare CR or LF, so line ends compare
    // alike too.
    private static string Normalize(string response) =>
        Regex.Replace(response.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), @"[ \t]+", " ").Trim().ToUpperInvariant();

    /// <summary>A response with each literal written as a quoted string of its octets.</summary>
    private static string Canonical(string response)
    {
        var result = new StringBuilder();
        int at = 0;
        foreach (Match m in ServerLiteral().Matches(response))
        {
            if (m.Index < at)
                continue;
            int length = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int start = m.Index + m.Length;
            result.Append(response, at, m.Index - at).Append('"').Append(response, start, length).Append('"');
            at = start + length;
        }
        return result.Append(response, at, response.Length - at).ToString();
    }

    [GeneratedRegex(@"~?\{(\d+)\}\r\n")]
    private static partial Regex ServerLiteral();

    // "ok fetch …" then its "* …" responses; a {{{ … }}} block is a literal of the lines between, CRLF-joined.
    private static List<(string Expect, string Command, List<string> Untagged)> Parse(IEnumerable<string> lines)
    {
        var commands = new List<(string, string, List<string>)>();
        StringBuilder? response = null;
        foreach (string line in lines)
        {
            if (response is not null)
            {
                response.Append('\n').Append(line);
                if (Count(response, "{{{") == Count(response, "}}}"))
                {
                    commands[^1].Item3.Add(Literals(response.ToString()));
                    response = null;
                }
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("* ", StringComparison.Ordinal) || line.StartsWith("! ", StringComparison.Ordinal))
            {
                response = new StringBuilder(line);
                if (Count(response, "{{{") == 0)
                {
                    commands[^1].Item3.Add(line);
                    response = null;
                }
                continue;
            }
            Match command = ScriptCommand().Match(line);
            Assert.True(command.Success, "not understood: " + line);
            commands.Add((command.Groups[1].Value, command.Groups[2].Value, []));
        }
        return commands;
    }

    private static int Count(StringBuilder text, string what) => Regex.Matches(text.ToString(), Regex.Escape(what)).Count;

    private static string Literals(string response) => LiteralBlock().Replace(response, m => "\"" + m.Groups[1].Value + "\"");

    [GeneratedRegex(@"\$(mailbox|uid\d+|uidnext)\b")]
    private static partial Regex CommandVariable();

    [GeneratedRegex(@" \\Recent\b|\\Recent ?")]
    private static partial Regex RecentFlag();

    [GeneratedRegex(@"^(ok|no|bad) (.+)$")]
    private static partial Regex ScriptCommand();

    [GeneratedRegex(@"~?\{\{\{\n(.*?)\n\}\}\}", RegexOptions.Singleline)]
    private static partial Regex LiteralBlock();

    /// <summary>
    /// The messages of an mbox file with CRLF line ends; as imaptest reads them, the empty line before the next
    /// "From " line stays with the message.
    /// </summary>
    private static List<byte[]> ReadMbox(string path)
    {
        var messages = new List<byte[]>();
        StringBuilder? current = null;
        string file = File.ReadAllText(path, Encoding.Latin1);
        foreach (string line in (file.EndsWith('\n') ? file[..^1] : file).Split('\n'))
        {
            if (line.StartsWith("From ", StringComparison.Ordinal))
            {
                Flush();
                current = new StringBuilder();
                continue;
            }
            current?.Append(line.TrimEnd('\r')).Append("\r\n");
        }
        Flush();
        return messages;

        void Flush()
        {
            if (current is null)
                return;
            string text = current.ToString();
            messages.Add(Encoding.Latin1.GetBytes(text));
        }
    }
}
