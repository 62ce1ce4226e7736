using System.Text.RegularExpressions;
using MimeKit;
using Wren.Testing;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Every message of the shared MIME corpus (shared/testdata/mime: MimeKit's, CPython's and torture messages,
/// broken ones included) can be searched by BODY, TEXT and HEADER, sorted and threaded without error; and a
/// word of each message's text, as MimeKit decodes it, is found by BODY in that message.
/// </summary>
public sealed partial class ImapSearchMimeCorpusTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Every_corpus_message_is_searchable()
    {
        string root = TestData.Path("mime");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".eml", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 50, "corpus missing");
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "mime");
        var uids = new List<long>();
        foreach (string file in files)
            uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name, await File.ReadAllBytesAsync(file), DateTimeOffset.UtcNow)).Uid);

        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        string[] commands =
        [
            "SEARCH BODY \"no such text anywhere\"", "SEARCH TEXT \"no such text anywhere\"", "SEARCH TEXT the", "SEARCH BODY e",
            "SEARCH HEADER Subject \"\"", "SEARCH HEADER Content-Type multipart", "SEARCH FROM @", "SEARCH TO a", "SEARCH CC \"\"",
            "SEARCH SENTBEFORE 1-Jan-2100", "SEARCH SENTSINCE 1-Jan-1970", "SEARCH LARGER 1", "SEARCH CHARSET UTF-8 TEXT {2+}\r\né",
            "SORT (SUBJECT) UTF-8 ALL", "SORT (DATE REVERSE FROM) UTF-8 ALL", "SORT (CC TO SIZE) UTF-8 ALL", "SORT (DISPLAYFROM) UTF-8 ALL",
            "THREAD REFERENCES UTF-8 ALL", "THREAD ORDEREDSUBJECT UTF-8 ALL",
        ];
        int tag = 0;
        foreach (string command in commands)
        {
            var reply = await c.CommandAsync("c" + ++tag, command);
            Assert.True(reply[^1].StartsWith($"c{tag} OK", StringComparison.Ordinal), command + " -> " + reply[^1]);
        }

        int checkedWords = 0;
        for (int i = 0; i < files.Count; i++)
        {
            if (WordOfText(files[i]) is not { } word)
                continue;
            var reply = await c.CommandAsync("w" + i, $"UID SEARCH UID {uids[i]} BODY \"{word}\"");
            Assert.True(reply[0] == $"* SEARCH {uids[i]}", $"{Path.GetFileName(files[i])}: BODY {word} -> {string.Join(" | ", reply)}");
            checkedWords++;
        }
        Assert.True(checkedWords > 30, $"only {checkedWords} messages had a text word");
    }

    // The longest ASCII word of the message's first text/plain part, as MimeKit decodes it (transfer encoding and charset).
    private static string? WordOfText(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var message = MimeMessage.Load(stream);
            string? text = message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsPlain)?.Text;
            if (string.IsNullOrEmpty(text))
                return null;
            return Word().Matches(text).Select(m => m.Value).OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).FirstOrDefault();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("[A-Za-z]{6,40}")]
    private static partial Regex Word();
}
