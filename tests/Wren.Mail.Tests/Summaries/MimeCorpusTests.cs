using Wren.Mail.Summaries;
using Wren.Testing;

namespace Wren.Mail.Tests.Summaries;

/// <summary>
/// Every message of shared/testdata/mime (malformed Enron multiparts, MimeKit's and Python's test messages,
/// the MIME torture test) is summarized, stored and read back, written as BODYSTRUCTURE/BODY/ENVELOPE, and
/// every section of every part resolves to a range inside the message that can be streamed (and decoded).
/// </summary>
public sealed class MimeCorpusTests
{
    private static readonly string[] SectionFields = ["From", "Subject", "Content-Type"];

    public static TheoryData<string> Files()
    {
        string root = TestData.Path("mime");
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name is "SOURCE.md" || name.StartsWith("LICENSE", StringComparison.Ordinal) || name.StartsWith("COPYING", StringComparison.Ordinal))
                continue;
            data.Add(Path.GetRelativePath(root, file));
        }
        return data;
    }

    [Fact]
    public void The_corpus_is_there()
    {
        Assert.True(Files().Count > 100);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_message_summarizes_and_resolves(string relativePath)
    {
        string path = TestData.Path("mime/" + relativePath);
        List<byte[]> messages = relativePath.Contains(".mbox", StringComparison.Ordinal)
            ? MboxReader.ReadMessages(path, crlf: false)
            : [File.ReadAllBytes(path)];
        Assert.NotEmpty(messages);
        foreach (byte[] message in messages)
        {
            Check(message);
            // The asynchronous build, used at delivery and APPEND, gives the very same summary.
            MessageSummary built = await MessageSummary.BuildAsync(new MemoryStream(message));
            Assert.Equal(MessageSummary.Build(new MemoryStream(message)).ToBytes(), built.ToBytes());
        }
    }

    internal static void Check(byte[] message)
    {
        MessageSummary built = MessageSummary.Build(new MemoryStream(message));
        byte[] stored = built.ToBytes();
        MessageSummary summary = MessageSummary.Parse(stored);

        // The stored form round-trips exactly, and so does everything written from it.
        Assert.Equal(stored, summary.ToBytes());
        foreach (bool utf8 in new[] { false, true })
        {
            Assert.Equal(BodyStructureWriter.BodyStructure(built, utf8), BodyStructureWriter.BodyStructure(summary, utf8));
            Assert.Equal(BodyStructureWriter.Body(built, utf8), BodyStructureWriter.Body(summary, utf8));
            Assert.Equal(EnvelopeWriter.Write(built.Envelope, utf8), EnvelopeWriter.Write(summary.Envelope, utf8));
            Assert.Equal(ImapValue.Kinds.List, ImapValue.ParseWire(BodyStructureWriter.BodyStructure(summary, utf8)).Kind);
            Assert.Equal(ImapValue.Kinds.List, ImapValue.ParseWire(BodyStructureWriter.Body(summary, utf8)).Kind);
            Assert.Equal(10, ImapValue.ParseWire(EnvelopeWriter.Write(summary.Envelope, utf8)).Items.Count);
        }

        Assert.Equal(new ByteRange(0, message.Length), summary.Range);
        Assert.Equal(summary.Header.End, summary.Text.Offset);
        Assert.Equal(message.Length, summary.Text.End);

        CheckMessageSections(summary, message, []);
        foreach ((int[] path, BodyPart part) in Parts(summary, []))
        {
            Assert.Same(part, MessageSection.FindPart(summary, path));
            Assert.InRange(part.Header.Offset, 0, message.Length);
            Assert.InRange(part.Header.End, part.Header.Offset, part.Body.Offset);
            Assert.InRange(part.Body.End, part.Body.Offset, message.Length);

            Assert.Equal(part.Body.Length, Read(summary, message, new SectionSpec(path, SectionKind.Full, [])).Length);
            Assert.Equal(part.Header.Length, Read(summary, message, new SectionSpec(path, SectionKind.Mime, [])).Length);
            if (part.Message is { } inner)
                CheckMessageSections(summary, message, path);
            else
                Assert.False(MessageSection.TryResolve(summary, new SectionSpec(path, SectionKind.Text, []), out _));

            Assert.True(MessageSection.TryResolveBinary(summary, path, out ResolvedSection binary));
            if (binary.Encoding != TransferEncodingKind.Unknown)
            {
                using Stream decoded = binary.OpenBinary(new MemoryStream(message));
                var sink = new MemoryStream();
                decoded.CopyTo(sink);
                Assert.Equal(binary.DecodedSize, sink.Length);
            }
        }
        Assert.Null(MessageSection.FindPart(summary, [int.MaxValue]));
    }

    private static void CheckMessageSections(MessageSummary summary, byte[] message, int[] path)
    {
        foreach (SectionKind kind in new[] { SectionKind.Full, SectionKind.Header, SectionKind.Text, SectionKind.HeaderFields, SectionKind.HeaderFieldsNot })
        {
            IReadOnlyList<string> fields = kind is SectionKind.HeaderFields or SectionKind.HeaderFieldsNot ? SectionFields : [];
            byte[] content = Read(summary, message, new SectionSpec(path, kind, fields));
            if (kind is SectionKind.HeaderFields or SectionKind.HeaderFieldsNot)
                Assert.True(content.AsSpan().EndsWith("\r\n"u8));
        }
    }

    private static byte[] Read(MessageSummary summary, byte[] message, SectionSpec spec)
    {
        Assert.True(MessageSection.TryResolve(summary, spec, out ResolvedSection section), $"{string.Join('.', spec.Part)} {spec.Kind}");
        Assert.InRange(section.Range.Offset, 0, message.Length);
        Assert.InRange(section.Range.End, section.Range.Offset, message.Length);
        using Stream stream = section.OpenRead(new MemoryStream(message));
        var output = new MemoryStream();
        stream.CopyTo(output);
        if (!section.IsMaterialized)
            Assert.Equal(section.Range.Length, output.Length);
        return output.ToArray();
    }

    /// <summary>Every part with its IMAP part number, in the numbering of RFC 9051 §6.4.5.</summary>
    internal static IEnumerable<(int[] Path, BodyPart Part)> Parts(MessageSummary message, int[] prefix)
    {
        IReadOnlyList<BodyPart> children = message.Body.IsMultipart ? message.Body.Parts : [message.Body];
        for (int i = 0; i < children.Count; i++)
        {
            int[] path = [.. prefix, i + 1];
            foreach ((int[] Path, BodyPart Part) item in PartAndBelow(children[i], path))
                yield return item;
        }
    }

    private static IEnumerable<(int[] Path, BodyPart Part)> PartAndBelow(BodyPart part, int[] path)
    {
        yield return (path, part);
        if (part.IsMultipart)
        {
            for (int j = 0; j < part.Parts.Count; j++)
            {
                foreach ((int[] Path, BodyPart Part) item in PartAndBelow(part.Parts[j], [.. path, j + 1]))
                    yield return item;
            }
        }
        else if (part.Message is { } inner)
        {
            foreach ((int[] Path, BodyPart Part) item in Parts(inner, path))
                yield return item;
        }
    }
}
