using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wren.Store.Messages;
using Wren.Testing;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Dovecot's imaptest scripts for SEARCH, SORT and THREAD (shared/testdata/imaptest-scripts, format in its
/// SOURCE.md) run against the server: the script's mbox is stored, then each SEARCH/SORT/THREAD command must
/// give the expected untagged answer. STORE and APPEND steps are done through the store (those commands
/// belong to other areas); commands needing variables Wren cannot fill in (FETCH results) are left out.
/// </summary>
public sealed partial class ImapSearchScriptTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{

    [Theory]
    [InlineData("search-addresses")]
    [InlineData("search-body")]
    [InlineData("search-date")]
    [InlineData("search-header")]
    [InlineData("search-flags")]
    [InlineData("search-sets")]
    [InlineData("esearch")]
    [InlineData("esort")]
    [InlineData("sort-addresses")]
    [InlineData("sort-arrival")]
    [InlineData("sort-date")]
    [InlineData("sort-size")]
    [InlineData("sort-subject")]
    [InlineData("sort-display-from")]
    [InlineData("sort-display-to")]
    [InlineData("thread")]
    [InlineData("thread2")]
    [InlineData("thread3")]
    [InlineData("thread4")]
    [InlineData("thread5")]
    [InlineData("thread6")]
    [InlineData("thread7")]
    [InlineData("thread8")]
    [InlineData("thread-orderedsubject")]
    [InlineData("thread-orderedsubject2")]
    public async Task Script_passes(string script)
    {
        string dir = TestData.Path("imaptest-scripts");
        string[] lines = File.ReadAllLines(Path.Combine(dir, script));
        string mboxPath = Path.Combine(dir, script + ".mbox");
        List<(byte[] Content, DateTimeOffset Date)> mbox = ReadMbox(File.Exists(mboxPath) ? mboxPath : Path.Combine(dir, "default.mbox"));

        int at = 0;
        string messages = "all";
        bool created = false;
        for (; at < lines.Length && lines[at].Length > 0; at++)
        {
            if (lines[at].StartsWith("messages:", StringComparison.Ordinal))
                messages = lines[at]["messages:".Length..].Trim();
            if (lines[at].StartsWith("state: created", StringComparison.Ordinal))
                created = true;
        }
        var box = await ImapMailboxData.NewMailboxAsync(fixture, script);
        var user = await ImapMailboxData.UserAsync(fixture);
        int appended = 0;
        if (!created)
        {
            int count = messages == "all" ? mbox.Count : int.Parse(messages, CultureInfo.InvariantCulture);
            for (; appended < count; appended++)
                await ImapSearchData.AppendAsync(fixture, box.Name, mbox[appended].Content, mbox[appended].Date);
        }
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        if (!created)
            Assert.EndsWith("OK [READ-WRITE] SELECT completed", (await c.CommandAsync("s", $"SELECT {box.Name}"))[^1]);

        var commands = Parse(lines.Skip(at));
        int tag = 0;
        int checkedCount = 0;
        foreach ((string expect, string command, List<string> untagged) in commands)
        {
            string name = command.Split(' ')[0].ToLowerInvariant();
            string t = "t" + ++tag;
            if (name == "append")
            {
                await ImapSearchData.AppendAsync(fixture, box.Name, mbox[appended].Content, mbox[appended].Date);
                appended++;
                await c.CommandAsync(t, "NOOP");
                continue;
            }
            if (name == "select")
            {
                await c.CommandAsync(t, $"SELECT {box.Name}");
                continue;
            }
            if (name == "store")
            {
                await StoreAsync(c, user.Id, box.MailboxId, command, t);
                continue;
            }
            if (name == "expunge")
            {
                await c.CommandAsync(t, "EXPUNGE");
                continue;
            }
            bool searching = name is "search" or "sort" or "thread" || (name == "uid" && command.Split(' ')[1].ToLowerInvariant() is "search" or "sort" or "thread");
            string text = command + " " + string.Join(' ', untagged);
            if (!searching || text.Replace("$tag", "", StringComparison.Ordinal).Contains('$', StringComparison.Ordinal))
                continue;

            List<string> reply = await c.CommandAsync(t, command);
            string context = $"{script}: {command} -> {string.Join(" | ", reply)}";
            Assert.True(reply[^1].StartsWith($"{t} {expect.ToUpperInvariant()}", StringComparison.Ordinal), context);
            foreach (string wanted in untagged)
            {
                string line = Normalize(wanted.Replace("$tag", t, StringComparison.Ordinal));
                Assert.True(reply.Any(r => Normalize(r) == line), $"{context}; expected {line}");
            }
            checkedCount++;
        }
        Assert.True(checkedCount > 0, script + ": nothing checked");
    }

    // imaptest compares case-insensitively and lets "(tag $tag)" match a quoted tag.
    private static string Normalize(string line) => Regex.Replace(line.Trim(), @"\s+", " ").Replace("\"", "", StringComparison.Ordinal).ToUpperInvariant();

    // "store 1,2 +flags \deleted", "store 1 flags ($$hello)": through the store, with the UIDs from UID SEARCH.
    private async Task StoreAsync(ImapTestClient c, long userId, long mailboxId, string command, string tag)
    {
        Match m = StoreCommand().Match(command);
        Assert.True(m.Success, command);
        List<string> uidReply = await c.CommandAsync(tag + "u", "UID SEARCH " + m.Groups[1].Value);
        var uids = uidReply[0]["* SEARCH".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var flags = MessageFlags.None;
        var keywords = new List<string>();
        foreach (string flag in m.Groups[3].Value.Trim('(', ')').Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (flag.ToLowerInvariant())
            {
                case "\\seen": flags |= MessageFlags.Seen; break;
                case "\\answered": flags |= MessageFlags.Answered; break;
                case "\\flagged": flags |= MessageFlags.Flagged; break;
                case "\\deleted": flags |= MessageFlags.Deleted; break;
                case "\\draft": flags |= MessageFlags.Draft; break;
                default: keywords.Add(flag); break;
            }
        }
        var operation = m.Groups[2].Value switch { "+" => FlagOperation.Add, "-" => FlagOperation.Remove, _ => FlagOperation.Set };
        await fixture.Store.Mailboxes.StoreFlagsAsync(userId, mailboxId, UidSet.Of(uids), new FlagChange(operation, flags, keywords));
        await c.CommandAsync(tag, "NOOP");
    }

    [GeneratedRegex(@"^store (\S+) ([+-]?)flags(?:\.silent)? (.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex StoreCommand();

    private static List<(string Expect, string Command, List<string> Untagged)> Parse(IEnumerable<string> lines)
    {
        var commands = new List<(string, string, List<string>)>();
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("* ", StringComparison.Ordinal) || line == "*")
            {
                if (commands.Count > 0)
                    commands[^1].Item3.Add(line);
                continue;
            }
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string expect = space < 0 ? line : line[..space];
            if (expect is "ok" or "no" or "bad")
                commands.Add((expect, space < 0 ? "" : line[(space + 1)..], new List<string>()));
        }
        return commands;
    }

    /// <summary>The messages of an mbox file, CRLF line ends, with the date of each "From " line as INTERNALDATE.</summary>
    internal static List<(byte[] Content, DateTimeOffset Date)> ReadMbox(string path)
    {
        var result = new List<(byte[], DateTimeOffset)>();
        StringBuilder? current = null;
        DateTimeOffset date = default;
        foreach (string line in File.ReadAllText(path, Encoding.Latin1).Split('\n'))
        {
            if (line.StartsWith("From ", StringComparison.Ordinal))
            {
                Flush();
                current = new StringBuilder();
                date = FromLineDate(line);
                continue;
            }
            current?.Append(line.TrimEnd('\r')).Append("\r\n");
        }
        Flush();
        return result;

        void Flush()
        {
            if (current is null)
                return;
            string text = current.ToString();
            // The blank line before the next "From " belongs to the mbox, not the message.
            while (text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
                text = text[..^2];
            result.Add((Encoding.Latin1.GetBytes(text), date));
        }
    }

    private static DateTimeOffset FromLineDate(string line)
    {
        // "From sender  Fri Feb 22 23:00:00 2008 [+0200]"
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var offset = TimeSpan.Zero;
        string zone = parts[^1];
        if (zone.Length == 5 && zone[0] is '+' or '-')
        {
            char sign = zone[0];
            offset = new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..], CultureInfo.InvariantCulture), 0);
            if (sign == '-')
                offset = -offset;
            parts = parts[..^1];
        }
        string text = string.Join(' ', parts[^5..]);
        return DateTime.TryParseExact(text, "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed)
            ? new DateTimeOffset(parsed, offset)
            : DateTimeOffset.UtcNow;
    }
}

/// <summary>Messages for the search tests, stored with a chosen INTERNALDATE.</summary>
internal static class ImapSearchData
{
    public static async Task<AppendResult> AppendAsync(ImapStoreFixture fixture, string mailbox, byte[] content, DateTimeOffset internalDate,
        MessageFlags flags = MessageFlags.None, IReadOnlyCollection<string>? keywords = null)
    {
        var user = await ImapMailboxData.UserAsync(fixture);
        await using MessageSpool spool = fixture.Store.Mail.CreateSpool();
        await spool.Content.WriteAsync(content);
        return await fixture.Store.Mailboxes.AppendAsync(user.Id, mailbox, new AppendRequest(spool, flags, keywords, internalDate));
    }
}
