using Wren.Mail.Summaries;
using static Wren.Mail.Tests.Summaries.SummaryTestMessages;

namespace Wren.Mail.Tests.Summaries;

public sealed class BodyStructureWriterTests
{
    // multipart/mixed ( text/plain, message/rfc822 ( multipart/alternative ( text/plain, message/rfc822 ( text/plain ) ) ) )
    internal static readonly byte[] Nested = Bytes(
        "From: Outer <outer@example.org>",
        "Subject: outer",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"outer\"",
        "",
        "preamble",
        "--outer",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "first",
        "--outer",
        "Content-Type: message/rfc822",
        "Content-Description: forwarded",
        "",
        "From: Middle <middle@example.org>",
        "Subject: middle",
        "Content-Type: multipart/alternative; boundary=\"mid\"",
        "",
        "--mid",
        "Content-Type: text/plain",
        "",
        "middle text",
        "--mid",
        "Content-Type: message/rfc822",
        "",
        "From: inner@example.org",
        "Subject: inner",
        "",
        "inner body",
        "line two",
        "--mid--",
        "--outer--",
        "");

    [Fact]
    public void Message_in_multipart_in_message_is_described_in_full()
    {
        MessageSummary summary = Summarize(Nested);
        const string middleEnvelope = "(NIL \"middle\" ((\"Middle\" NIL \"middle\" \"example.org\")) ((\"Middle\" NIL \"middle\" \"example.org\")) ((\"Middle\" NIL \"middle\" \"example.org\")) NIL NIL NIL NIL NIL)";
        const string innerEnvelope = "(NIL \"inner\" ((NIL NIL \"inner\" \"example.org\")) ((NIL NIL \"inner\" \"example.org\")) ((NIL NIL \"inner\" \"example.org\")) NIL NIL NIL NIL NIL)";
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)"
            + "(\"MESSAGE\" \"RFC822\" NIL NIL \"forwarded\" \"7BIT\" 266 " + middleEnvelope + " "
            + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 11 1 NIL NIL NIL NIL)"
            + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 63 " + innerEnvelope + " "
            + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 20 2 NIL NIL NIL NIL) 5 NIL NIL NIL NIL)"
            + " \"ALTERNATIVE\" (\"BOUNDARY\" \"mid\") NIL NIL NIL) 17 NIL NIL NIL NIL)"
            + " \"MIXED\" (\"BOUNDARY\" \"outer\") NIL NIL NIL)",
            BodyStructureWriter.BodyStructure(summary));
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 5 1)"
            + "(\"MESSAGE\" \"RFC822\" NIL NIL \"forwarded\" \"7BIT\" 266 " + middleEnvelope + " "
            + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 11 1)"
            + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 63 " + innerEnvelope + " "
            + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 20 2) 5) \"ALTERNATIVE\") 17) \"MIXED\")",
            BodyStructureWriter.Body(summary));
    }

    [Fact]
    public void Rfc2231_parameters_are_decoded_and_sent_in_rfc2231_form_unless_utf8_is_on()
    {
        byte[] message = Bytes(
            "Content-Type: application/octet-stream; name*0*=utf-8''%E2%82%AC; name*1=\" rates.txt\"",
            "Content-Disposition: attachment; filename*=utf-8''%E2%82%AC%20rates.txt; size=3",
            "Content-Transfer-Encoding: base64",
            "",
            "YWJj",
            "");
        MessageSummary summary = Summarize(message);
        Assert.Equal("€ rates.txt", Assert.Single(summary.Body.Parameters).Value);
        Assert.Equal(
            "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME*\" \"utf-8''%E2%82%AC%20rates.txt\") NIL NIL \"BASE64\" 6 NIL"
            + " (\"ATTACHMENT\" (\"FILENAME*\" \"utf-8''%E2%82%AC%20rates.txt\" \"SIZE\" \"3\")) NIL NIL)",
            BodyStructureWriter.BodyStructure(summary));
        Assert.Equal(
            "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" \"€ rates.txt\") NIL NIL \"BASE64\" 6 NIL"
            + " (\"ATTACHMENT\" (\"FILENAME\" \"€ rates.txt\" \"SIZE\" \"3\")) NIL NIL)",
            BodyStructureWriter.BodyStructure(summary, utf8: true));
        Assert.Equal(3, summary.Body.DecodedSize);
    }

    [Fact]
    public void Extension_fields_are_reported()
    {
        byte[] message = Bytes(
            "Content-Type: text/html; charset=\"iso-8859-1\"",
            "Content-ID: <part1@example.org>",
            "Content-Description: The \"page\"",
            "Content-Transfer-Encoding: Quoted-Printable",
            "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
            "Content-Disposition: inline",
            "Content-Language: en, de",
            "Content-Location: http://example.org/",
            " page.html",
            "",
            "<p>caf=E9</p>",
            "");
        Assert.Equal(
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"iso-8859-1\") \"<part1@example.org>\" \"The \\\"page\\\"\" \"QUOTED-PRINTABLE\" 15 1"
            + " \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"INLINE\" NIL) (\"en\" \"de\") \"http://example.org/ page.html\")",
            BodyStructureWriter.BodyStructure(Summarize(message)));
    }

    [Fact]
    public void Message_without_content_type_is_us_ascii_text_and_empty_multipart_still_has_a_part()
    {
        Assert.Equal(
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 7 1 NIL NIL NIL NIL)",
            BodyStructureWriter.BodyStructure(Summarize(Bytes("Subject: x", "", "hello", ""))));
        byte[] empty = Bytes("Content-Type: multipart/mixed; boundary=b", "", "--b--", "");
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0) \"MIXED\")",
            BodyStructureWriter.Body(Summarize(empty)));
    }

    [Fact]
    public void Encoded_message_rfc822_is_an_opaque_part()
    {
        // RFC 2046 §5.2.1: message/rfc822 may only be 7bit, 8bit or binary; base64 cannot be looked into.
        byte[] message = Bytes("Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "", "U3ViamVjdDogeA0KDQp5", "");
        MessageSummary summary = Summarize(message);
        Assert.Null(summary.Body.Message);
        Assert.Equal("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"BASE64\" 22)", BodyStructureWriter.Body(summary));
        Assert.Equal(15, summary.Body.DecodedSize);
    }
}
