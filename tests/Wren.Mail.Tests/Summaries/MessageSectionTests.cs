using Wren.Mail.Summaries;
using static Wren.Mail.Tests.Summaries.SummaryTestMessages;

namespace Wren.Mail.Tests.Summaries;

public sealed class MessageSectionTests
{
    private static readonly byte[] Message = BodyStructureWriterTests.Nested;
    private static readonly MessageSummary Summary = Summarize(Message);

    [Theory]
    [InlineData("1", "first")]
    [InlineData("1.MIME", "Content-Type: text/plain; charset=utf-8\r\n\r\n")]
    [InlineData("2.MIME", "Content-Type: message/rfc822\r\nContent-Description: forwarded\r\n\r\n")]
    [InlineData("2.HEADER", "From: Middle <middle@example.org>\r\nSubject: middle\r\nContent-Type: multipart/alternative; boundary=\"mid\"\r\n\r\n")]
    [InlineData("2.HEADER.FIELDS (subject FROM)", "From: Middle <middle@example.org>\r\nSubject: middle\r\n\r\n")]
    [InlineData("2.HEADER.FIELDS.NOT (From Content-Type)", "Subject: middle\r\n\r\n")]
    [InlineData("2.1", "middle text")]
    [InlineData("2.2.MIME", "Content-Type: message/rfc822\r\n\r\n")]
    [InlineData("2.2", "From: inner@example.org\r\nSubject: inner\r\n\r\ninner body\r\nline two")]
    [InlineData("2.2.HEADER", "From: inner@example.org\r\nSubject: inner\r\n\r\n")]
    [InlineData("2.2.TEXT", "inner body\r\nline two")]
    [InlineData("2.2.1", "inner body\r\nline two")]
    [InlineData("HEADER.FIELDS (Subject X-None)", "Subject: outer\r\n\r\n")]
    [InlineData("HEADER.FIELDS (X-None)", "\r\n")]
    public void Sections_resolve_to_their_bytes(string section, string expected)
    {
        Assert.Equal(expected, Section(Summary, Message, section));
    }

    [Fact]
    public void Whole_message_header_and_text_cover_the_message()
    {
        string whole = Section(Summary, Message, "");
        Assert.Equal(Message.Length, whole.Length);
        Assert.Equal(whole, Section(Summary, Message, "HEADER") + Section(Summary, Message, "TEXT"));
        Assert.Equal(Section(Summary, Message, "2"), Section(Summary, Message, "2.HEADER") + Section(Summary, Message, "2.TEXT"));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("1.HEADER")]
    [InlineData("1.TEXT")]
    [InlineData("1.1")]
    [InlineData("2.3")]
    public void Sections_that_do_not_exist_do_not_resolve(string section)
    {
        Assert.True(SectionSpec.TryParse(section, out SectionSpec spec));
        Assert.False(MessageSection.TryResolve(Summary, spec, out _));
    }

    [Fact]
    public void Single_part_message_has_part_one_and_its_mime_header_is_the_message_header()
    {
        byte[] message = Bytes("Subject: s", "Content-Type: text/plain", "", "text", "");
        MessageSummary summary = Summarize(message);
        Assert.Equal("text\r\n", Section(summary, message, "1"));
        Assert.Equal("Subject: s\r\nContent-Type: text/plain\r\n\r\n", Section(summary, message, "1.MIME"));
        Assert.Null(MessageSection.FindPart(summary, [2]));
    }

    [Fact]
    public void Binary_decodes_base64_and_quoted_printable_and_flags_unknown_encodings()
    {
        byte[] message = Bytes(
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Transfer-Encoding: base64",
            "",
            "aGVs",
            " bG8=",
            "--b",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "caf=C3=A9  ",
            "soft=",
            "break",
            "--b",
            "Content-Transfer-Encoding: x-uuencode",
            "",
            "begin 644 x",
            "--b--",
            "");
        MessageSummary summary = Summarize(message);
        Assert.Equal("hello", Binary(summary, message, 1));
        Assert.Equal("café\r\nsoftbreak", Binary(summary, message, 2));
        Assert.True(MessageSection.TryResolveBinary(summary, [3], out ResolvedSection unknown));
        Assert.Equal(TransferEncodingKind.Unknown, unknown.Encoding);
        Assert.Null(unknown.DecodedSize);
        Assert.Throws<NotSupportedException>(() => unknown.OpenBinary(new MemoryStream(message)));
        Assert.True(MessageSection.TryResolveBinary(summary, [], out ResolvedSection whole));
        Assert.Equal(message.Length, whole.DecodedSize);
    }

    private static string Binary(MessageSummary summary, byte[] message, int part)
    {
        Assert.True(MessageSection.TryResolveBinary(summary, [part], out ResolvedSection section));
        using Stream stream = section.OpenBinary(new MemoryStream(message));
        var output = new MemoryStream();
        stream.CopyTo(output);
        Assert.Equal(section.DecodedSize, output.Length);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Partial_ranges_are_clamped()
    {
        var range = new ByteRange(100, 10);
        Assert.Equal(new ByteRange(103, 4), range.Slice(3, 4));
        Assert.Equal(new ByteRange(108, 2), range.Slice(8, 100));
        Assert.Equal(new ByteRange(110, 0), range.Slice(50, 5));
    }
}
