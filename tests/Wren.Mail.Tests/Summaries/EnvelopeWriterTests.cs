using Wren.Mail.Summaries;
using static Wren.Mail.Tests.Summaries.SummaryTestMessages;

namespace Wren.Mail.Tests.Summaries;

public sealed class EnvelopeWriterTests
{
    private static string EnvelopeOf(params string[] headers) =>
        EnvelopeWriter.Write(Summarize(Bytes([.. headers, "", "body", ""])).Envelope);

    [Fact]
    public void Missing_headers_are_nil()
    {
        Assert.Equal("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", EnvelopeOf("X-Other: value"));
    }

    [Fact]
    public void Encoded_words_are_left_as_sent()
    {
        Assert.Equal(
            "(NIL \"=?utf-8?q?caf=C3=A9?= au lait\" ((\"=?utf-8?q?Andr=C3=A9?= Dupont\" NIL \"andre\" \"example.org\"))"
            + " ((\"=?utf-8?q?Andr=C3=A9?= Dupont\" NIL \"andre\" \"example.org\")) ((\"=?utf-8?q?Andr=C3=A9?= Dupont\" NIL \"andre\" \"example.org\"))"
            + " NIL NIL NIL NIL NIL)",
            EnvelopeOf("Subject: =?utf-8?q?caf=C3=A9?=", " au lait", "From: =?utf-8?q?Andr=C3=A9?= Dupont <andre@example.org>"));
    }

    [Fact]
    public void Groups_become_start_and_end_markers()
    {
        Assert.Equal(
            "(NIL NIL NIL NIL NIL"
            + " ((NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"x.org\")(\"B, b\" NIL \"b\" \"y.org\")(NIL NIL NIL NIL)(NIL NIL \"c\" \"z.org\"))"
            + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)",
            EnvelopeOf("To: Team: a@x.org, \"B, b\" <b@y.org>;, c@z.org", "Cc: undisclosed-recipients:;"));
    }

    [Fact]
    public void Sender_and_reply_to_default_to_from_and_routes_and_comments_are_kept()
    {
        Assert.Equal(
            "(\"Mon, 1 Jan 2024 00:00:00 +0000\" \"\" ((\"Real Name\" NIL \"user\" \"example.org\"))"
            + " ((\"Real Name\" NIL \"user\" \"example.org\")) ((\"Real Name\" NIL \"user\" \"example.org\"))"
            + " ((NIL \"@relay1,@relay2\" \"user\" \"example.org\")) NIL NIL \"<parent@example.org>\" \"<id@example.org>\")",
            EnvelopeOf(
                "Date: Mon, 1 Jan 2024 00:00:00 +0000",
                "Subject:",
                "From: user@example.org (Real Name)",
                "Sender: ",
                "To: <@relay1,@relay2:user@example.org>",
                "In-Reply-To: <parent@example.org>",
                "Message-ID: <id@example.org>"));
    }

    [Fact]
    public void Eight_bit_and_line_breaks_go_in_literals_and_quotes_are_escaped()
    {
        var envelope = new Envelope(null, "café", null, null, null, null, null, null, null, "say \"hi\" \\o/");
        Assert.Equal("(NIL {5}\r\ncafé NIL NIL NIL NIL NIL NIL NIL \"say \\\"hi\\\" \\\\o/\")", EnvelopeWriter.Write(envelope));
        Assert.Equal("(NIL \"café\" NIL NIL NIL NIL NIL NIL NIL \"say \\\"hi\\\" \\\\o/\")", EnvelopeWriter.Write(envelope, utf8: true));
        var multiline = Wren.Mail.Summaries.Envelope.Empty with { Subject = "a\r\nb" };
        Assert.Equal("(NIL {4}\r\na\r\nb NIL NIL NIL NIL NIL NIL NIL NIL)", EnvelopeWriter.Write(multiline, utf8: true));
    }

    [Fact]
    public void Raw_utf8_headers_are_read_as_utf8()
    {
        Assert.Equal(
            "(NIL \"Grüße\" ((\"Jürgen\" NIL \"j\" \"example.de\")) ((\"Jürgen\" NIL \"j\" \"example.de\")) ((\"Jürgen\" NIL \"j\" \"example.de\")) NIL NIL NIL NIL NIL)",
            EnvelopeWriter.Write(Summarize(Bytes("Subject: Grüße", "From: Jürgen <j@example.de>", "", "x")).Envelope, utf8: true));
    }
}
