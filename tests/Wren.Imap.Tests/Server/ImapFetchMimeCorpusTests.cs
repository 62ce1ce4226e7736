using System.Text;
using Wren.Mail.Summaries;
using Wren.Testing;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Every message of shared/testdata/mime (malformed multiparts, torture tests, MimeKit's and Python's
/// samples) through FETCH: BODYSTRUCTURE, ENVELOPE, and every part's BODY[p], BODY[p.MIME] and BINARY[p],
/// checked against the bytes of the file.
/// </summary>
public sealed class ImapFetchMimeCorpusTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Every_message_fetches_its_structure_and_every_part()
    {
        string[] files = Directory.GetFiles(TestData.Path("mime"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length > 100, $"only {files.Length} files");
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "mime");
        foreach (string file in files)
            await ImapMailboxData.AppendAsync(fixture, box.Name, await File.ReadAllBytesAsync(file));

        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        int partsChecked = 0;
        for (int seq = 1; seq <= files.Length; seq++)
        {
            byte[] bytes = await File.ReadAllBytesAsync(files[seq - 1]);
            using var stream = new MemoryStream(bytes);
            MessageSummary summary = MessageSummary.Build(stream);
            List<int[]> parts = [];
            CollectParts(summary, [], parts);
            string name = Path.GetFileName(files[seq - 1]);

            var items = new StringBuilder("BODYSTRUCTURE ENVELOPE BODY.PEEK[HEADER] BODY.PEEK[TEXT]");
            foreach (int[] part in parts)
                items.Append($" BODY.PEEK[{string.Join('.', part)}] BODY.PEEK[{string.Join('.', part)}.MIME]");
            var lines = await c.CommandWithLiteralsAsync("f", $"FETCH {seq} ({items})");
            Assert.True(lines[^1] == "f OK FETCH completed", $"{name}: {lines[^1]}");
            string response = Assert.Single(lines, l => l.StartsWith($"* {seq} FETCH (", StringComparison.Ordinal));
            Assert.Contains("BODYSTRUCTURE (", response);
            Assert.Contains("ENVELOPE (", response);
            AssertSection(response, "HEADER", bytes, summary.Header, name);
            AssertSection(response, "TEXT", bytes, summary.Text, name);
            foreach (int[] part in parts)
            {
                string p = string.Join('.', part);
                BodyPart found = MessageSection.FindPart(summary, part)!;
                AssertSection(response, p, bytes, found.Body, name);
                AssertSection(response, p + ".MIME", bytes, found.Header, name);
                partsChecked++;

                var binary = await c.CommandWithLiteralsAsync("b", $"FETCH {seq} (BINARY.SIZE[{p}] BINARY.PEEK[{p}])");
                if (found.TransferEncoding == TransferEncodingKind.Unknown)
                {
                    Assert.StartsWith("b NO [UNKNOWN-CTE] ", Assert.Single(binary));
                    continue;
                }
                Assert.True(binary[^1] == "b OK FETCH completed", $"{name} BINARY[{p}]: {binary[^1]}");
                string size = $"BINARY.SIZE[{p}] {found.DecodedSize} BINARY[{p}] ";
                Assert.True(binary[0].Contains(size + $"{{{found.DecodedSize}}}\r\n", StringComparison.Ordinal)
                    || binary[0].Contains(size + $"~{{{found.DecodedSize}}}\r\n", StringComparison.Ordinal), $"{name} BINARY[{p}]: {binary[0][..Math.Min(200, binary[0].Length)]}");
            }
        }
        Assert.True(partsChecked > files.Length, $"only {partsChecked} parts");
    }

    // The part numbers of RFC 9051 §6.4.5: a multipart's children, a message/rfc822 part's message's parts.
    private static void CollectParts(MessageSummary message, int[] prefix, List<int[]> parts)
    {
        IReadOnlyList<BodyPart> children = message.Body.IsMultipart ? message.Body.Parts : [message.Body];
        for (int i = 0; i < children.Count; i++)
            CollectPart(children[i], [.. prefix, i + 1], parts);
    }

    private static void CollectPart(BodyPart part, int[] path, List<int[]> parts)
    {
        parts.Add(path);
        if (part.IsMultipart)
        {
            for (int i = 0; i < part.Parts.Count; i++)
                CollectPart(part.Parts[i], [.. path, i + 1], parts);
        }
        else if (part.Message is { } message)
        {
            CollectParts(message, path, parts);
        }
    }

    private static void AssertSection(string response, string section, byte[] message, ByteRange range, string name)
    {
        string expected = $"BODY[{section}] {{{range.Length}}}\r\n" + Encoding.Latin1.GetString(message, (int)range.Offset, (int)range.Length);
        Assert.True(response.Contains(expected, StringComparison.Ordinal), $"{name}: BODY[{section}] is not bytes {range.Offset}+{range.Length}");
    }
}
