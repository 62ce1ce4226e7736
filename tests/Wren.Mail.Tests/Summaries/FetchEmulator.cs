using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wren.Mail.Summaries;

namespace Wren.Mail.Tests.Summaries;

/// <summary>
/// Answers FETCH items for a set of stored messages the way Wren's IMAP server will, from summaries and the
/// section resolver only: what the imaptest expectations are checked against.
/// </summary>
internal sealed partial class FetchEmulator
{
    private readonly List<byte[]> _messages;
    private readonly List<MessageSummary> _summaries;

    public FetchEmulator(List<byte[]> messages)
    {
        _messages = messages;
        // Every summary goes through its stored form, as FETCH will read it.
        _summaries = messages.Select(m => MessageSummary.Parse(MessageSummary.Build(new MemoryStream(m)).ToBytes())).ToList();
    }

    /// <summary>Wren's value for fetch item <paramref name="key"/> (as named in the reply) of message
    /// <paramref name="sequence"/>; null for items not about message contents (FLAGS, UID …).</summary>
    public ImapValue? Fetch(int sequence, string key, string command)
    {
        MessageSummary summary = _summaries[sequence - 1];
        byte[] message = _messages[sequence - 1];
        string lower = key.ToLowerInvariant();
        switch (lower)
        {
            case "envelope":
                return ImapValue.ParseWire(EnvelopeWriter.Write(summary.Envelope));
            case "body":
                return ImapValue.ParseWire(BodyStructureWriter.Body(summary));
            case "bodystructure":
                return ImapValue.ParseWire(BodyStructureWriter.BodyStructure(summary));
            case "rfc822.size":
                return Number(summary.Size);
            case "rfc822":
                return Bytes(Section(summary, message, ""));
            case "rfc822.header":
                return Bytes(Section(summary, message, "HEADER"));
            case "rfc822.text":
                return Bytes(Section(summary, message, "TEXT"));
        }

        Match match = SectionKey().Match(key);
        if (!match.Success)
            return null;
        string item = match.Groups[1].Value.ToLowerInvariant();
        string section = match.Groups[2].Value;
        if (item == "binary.size")
        {
            Assert.True(SectionSpec.TryParse(section, out SectionSpec sizeSpec), section);
            Assert.True(MessageSection.TryResolveBinary(summary, sizeSpec.Part, out ResolvedSection sized), section);
            return Number(sized.DecodedSize!.Value);
        }

        byte[] content = item == "binary" ? Binary(summary, message, section) : Section(summary, message, section);
        if (match.Groups[3].Success)
        {
            long offset = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            long count = PartialLength(command, item, section, offset);
            ByteRange slice = new ByteRange(0, content.Length).Slice(offset, count);
            content = content.AsSpan((int)slice.Offset, (int)slice.Length).ToArray();
        }
        return Bytes(content);
    }

    private static byte[] Section(MessageSummary summary, byte[] message, string section)
    {
        Assert.True(SectionSpec.TryParse(section, out SectionSpec spec), "section " + section);
        Assert.True(MessageSection.TryResolve(summary, spec, out ResolvedSection resolved), "resolve " + section);
        using Stream stream = resolved.OpenRead(new MemoryStream(message));
        return ReadAll(stream);
    }

    private static byte[] Binary(MessageSummary summary, byte[] message, string section)
    {
        Assert.True(SectionSpec.TryParse(section, out SectionSpec spec), "section " + section);
        Assert.True(MessageSection.TryResolveBinary(summary, spec.Part, out ResolvedSection resolved), "resolve " + section);
        using Stream stream = resolved.OpenBinary(new MemoryStream(message));
        byte[] bytes = ReadAll(stream);
        Assert.Equal(resolved.DecodedSize, bytes.Length);
        return bytes;
    }

    private static byte[] ReadAll(Stream stream)
    {
        var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    // The <origin.octets> of the command item the reply's "item[section]<origin>" answers.
    private static long PartialLength(string command, string item, string section, long offset)
    {
        var pattern = new Regex(Regex.Escape(item) + @"(?:\.peek)?\[" + Regex.Escape(section) + @"\]<" + offset + @"\.(\d+)>", RegexOptions.IgnoreCase);
        Match match = pattern.Match(command);
        Assert.True(match.Success, $"no partial {item}[{section}]<{offset}.n> in {command}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static ImapValue Number(long value) => new(ImapValue.Kinds.Atom, value.ToString(CultureInfo.InvariantCulture), []);

    private static ImapValue Bytes(byte[] bytes) => new(ImapValue.Kinds.String, Encoding.Latin1.GetString(bytes), []);

    [GeneratedRegex(@"^(body|binary|binary\.size)\[(.*)\](?:<(\d+)>)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SectionKey();
}
