using Wren.Mail.Summaries;
using static Wren.Mail.Tests.Summaries.SummaryTestMessages;

namespace Wren.Mail.Tests.Summaries;

public sealed class MessageSummarySerializerTests
{
    [Fact]
    public void Stored_form_round_trips()
    {
        MessageSummary built = MessageSummary.Build(new MemoryStream(BodyStructureWriterTests.Nested));
        byte[] stored = built.ToBytes();
        MessageSummary parsed = MessageSummary.Parse(stored);
        Assert.Equal(stored, parsed.ToBytes());
        Assert.Equal(BodyStructureWriter.BodyStructure(built), BodyStructureWriter.BodyStructure(parsed));
        Assert.Equal(built.Envelope.From, parsed.Envelope.From);
        Assert.Same(parsed.Envelope.From, parsed.Envelope.Sender);
        Assert.Equal(built.Range, parsed.Range);
        Assert.True(stored.Length < BodyStructureWriter.BodyStructure(built).Length);
    }

    [Fact]
    public void Corrupt_or_foreign_bytes_are_a_format_error()
    {
        byte[] stored = MessageSummary.Build(new MemoryStream(BodyStructureWriterTests.Nested)).ToBytes();
        Assert.Throws<FormatException>(() => MessageSummary.Parse(stored.AsSpan(0, stored.Length / 2)));
        Assert.Throws<FormatException>(() => MessageSummary.Parse([.. stored, 0]));
        Assert.Throws<FormatException>(() => MessageSummary.Parse("{}"u8));
        byte[] future = [.. stored];
        future[2] = 99;
        Assert.Throws<FormatException>(() => MessageSummary.Parse(future));
    }

    [Fact]
    public void Offsets_are_relative_to_where_the_stream_starts()
    {
        byte[] message = Bytes("Subject: s", "", "text");
        var stream = new MemoryStream([.. "garbage"u8, .. message]) { Position = 7 };
        MessageSummary summary = MessageSummary.Build(stream);
        Assert.Equal(new ByteRange(0, message.Length), summary.Range);
        Assert.Equal(new ByteRange(14, 4), summary.Text);
        Assert.Equal(new ByteRange(14, 4), summary.Body.Body);
    }
}
