using System.Text;
using System.Text.RegularExpressions;
using Wren.Imap.Protocol;
using Wren.Testing;

namespace Wren.Imap.Tests.Protocol;

/// <summary>
/// Every command of Dovecot's imaptest scripts (shared/testdata/imaptest-scripts, format in its SOURCE.md)
/// goes through the reader: with the variables filled in, a command the script expects OK or NO must parse;
/// scripts that need an extension Wren does not implement (CATENATE, MULTIAPPEND, CONTEXT, NOTIFY, URLAUTH)
/// must only read without a fault.
/// </summary>
public partial class ImaptestCorpusTests
{
    private static readonly HashSet<string> Supported = new(StringComparer.OrdinalIgnoreCase)
    {
        "BINARY", "ESEARCH", "CONDSTORE", "QRESYNC", "ESORT", "LIST-EXTENDED", "MOVE", "SORT", "SORT=DISPLAY",
        "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "UIDPLUS", "ID",
    };

    private static readonly HashSet<string> CommandNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "ENABLE", "SELECT", "EXAMINE", "CREATE", "DELETE",
        "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "NAMESPACE", "STATUS", "APPEND", "IDLE", "CLOSE", "UNSELECT",
        "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID", "ID", "SORT", "THREAD", "GETQUOTA", "GETQUOTAROOT",
        "SETQUOTA", "COMPRESS", "GENURLAUTH", "RESETKEY", "URLFETCH", "NOTIFY", "X-CANCEL", "CHECK",
    };

    private static string Dir => TestData.Path("imaptest-scripts");

    public static TheoryData<string> Scripts() => new(ScriptNames());

    private static IEnumerable<string> ScriptNames() =>
        Directory.GetFiles(Dir).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("COPYING", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private sealed record ScriptCommand(string Expect, byte[] Wire, string Text);

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Every_command_reads(string script)
    {
        (bool supported, List<ScriptCommand> commands) = Load(Path.Combine(Dir, script));
        Assert.NotEmpty(commands);
        int tag = 0;
        foreach (ScriptCommand command in commands)
        {
            byte[] wire = [.. Encoding.ASCII.GetBytes($"t{++tag} "), .. command.Wire];
            ReadOutcome outcome = await Wire.ReadAllAsync(wire, [wire.Length], new ImapLimits { MaxNonSynchronizingLiteralSize = null });
            ImapReadResult result = Assert.Single(outcome.Results.Take(1));
            if (!supported || command.Expect == "bad")
                continue;
            string text = command.Text;
            // A name that cannot exist is refused with NO by the parser already (imaptest "atoms").
            if (command.Expect == "no" && result.Error is { Status: ImapResponseStatus.No })
                continue;
            Assert.True(result.Command is not null, $"{script}: {text} -> {result.Error}");
            Assert.False(result.Command is UnknownCommand, $"{script}: {text} -> unknown");
            Assert.True(outcome.Results.Count == 1, $"{script}: {text} -> {string.Join(" | ", outcome.Results)}");
        }
    }

    [Fact]
    public void The_corpus_is_read_whole()
    {
        int checkedCommands = ScriptNames().Select(name => Load(Path.Combine(Dir, name))).Where(s => s.Supported)
            .Sum(s => s.Commands.Count(c => c.Expect != "bad"));
        // imaptest counts 460 base and 329 extension commands (SOURCE.md), some of them CATENATE, URLAUTH….
        Assert.InRange(checkedCommands, 600, 900);
    }

    private static (bool Supported, List<ScriptCommand> Commands) Load(string path)
    {
        string[] lines = File.ReadAllText(path, Encoding.Latin1).Split('\n');
        bool supported = true;
        int i = 0;
        for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
        {
            if (lines[i].StartsWith("capabilities:", StringComparison.OrdinalIgnoreCase))
                supported = lines[i]["capabilities:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).All(Supported.Contains);
        }
        var commands = new List<ScriptCommand>();
        for (; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            // Comments, and expected replies: "* …", "! …" (must not come), "? …" (may come).
            if (line.Length == 0 || line[0] is '#' or '*' or '!' or '?' || line.StartsWith("$!", StringComparison.Ordinal))
            {
                i = SkipLiteral(lines, i);
                continue;
            }
            string[] words = line.Split(' ', 4);
            string expect;
            int skip;
            bool connection = int.TryParse(words[0], out _);
            if (words[0] is "ok" or "no" or "bad")
                (expect, skip) = (words[0], 1);
            else if (words.Length > 1 && connection && words[1] is "ok" or "no" or "bad")
                (expect, skip) = (words[1], 2);
            else if (words.Length > 1 && words[1] is "ok" or "no" or "bad")
                continue; // a pipelined command's completion: "tag ok"
            else if (words.Length > 2 && connection && words[2] is "ok" or "no" or "bad")
                continue; // "conn tag ok"
            else if (CommandNames.Contains(words[0]))
                (expect, skip) = ("?", 0); // a command whose completion follows: "examine x" … "ok [read-only]"
            else if (words.Length > 1 && connection && CommandNames.Contains(words[1]))
                (expect, skip) = ("?", 1);
            else if (words.Length > 2 && int.TryParse(words[0], out _) && !CommandNames.Contains(words[1]) && CommandNames.Contains(words[2]))
                (expect, skip) = ("?", 2);
            else
                (expect, skip) = ("?", 1);
            string text = string.Join(' ', words.Skip(skip));
            if (text.Length == 0 || text[0] == '[')
                continue; // a completion: "ok", "1 no [trycreate]"
            var wire = new List<byte>();
            // A literal: "{{{" (or "~{{{") ends the line, its lines follow up to "}}}", then the command goes on.
            while (text.EndsWith("{{{", StringComparison.Ordinal))
            {
                bool binary = text.EndsWith("~{{{", StringComparison.Ordinal);
                string before = text[..^(binary ? 4 : 3)];
                var content = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("}}}", StringComparison.Ordinal); i++)
                    content.Add(lines[i].TrimEnd('\r'));
                string literal = string.Join("\r\n", content);
                wire.AddRange(Encoding.Latin1.GetBytes(Fill(before) + (binary ? "~" : "") + "{" + Encoding.Latin1.GetByteCount(literal) + "+}\r\n" + literal));
                text = i < lines.Length ? lines[i].TrimEnd('\r')[3..] : "";
            }
            text = Fill(text);
            // imaptest supplies APPEND's mailbox and message itself.
            if (Regex.IsMatch(text, "^append$", RegexOptions.IgnoreCase))
                text += " testbox";
            if (wire.Count == 0 && text.StartsWith("append", StringComparison.OrdinalIgnoreCase) && !text.Contains("catenate", StringComparison.OrdinalIgnoreCase))
                text += " {15+}\r\nSubject: x\r\n\r\nx";
            wire.AddRange(Encoding.Latin1.GetBytes(text + "\r\n"));
            commands.Add(new ScriptCommand(expect, [.. wire], line));
        }
        return (supported, commands);
    }

    // Skips the literals of an expected reply: each "{{{" ends a line, "}}}" starts the line that goes on.
    private static int SkipLiteral(string[] lines, int i)
    {
        while (i < lines.Length && lines[i].TrimEnd('\r').EndsWith("{{{", StringComparison.Ordinal))
        {
            while (i + 1 < lines.Length && !lines[i + 1].StartsWith("}}}", StringComparison.Ordinal))
                i++;
            i++;
        }
        return i;
    }

    // $$ is "$"; $mailbox/${mailbox} a mailbox, $sep "/", $user… a user, other variables a number.
    private static string Fill(string text)
    {
        text = text.Replace("$$", "\u0001", StringComparison.Ordinal);
        text = Variable().Replace(text, m => m.Groups[1].Value switch
        {
            "mailbox" or "mailbox_url" => "testbox",
            "sep" => "/",
            var name when name.StartsWith("user", StringComparison.Ordinal) => "user2",
            _ => "1",
        });
        return text.Replace('\u0001', '$');
    }

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();
}
