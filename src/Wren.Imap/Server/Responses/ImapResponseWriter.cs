using System.Text;
using Wren.Net.Connections;

namespace Wren.Imap.Server;

/// <summary>
/// The one place that formats server responses (RFC 9051 §7): status responses, tagged or untagged, with an
/// optional response code; untagged data; continuation requests. Responses are queued on the connection and
/// sent when the session flushes (before it waits for the client, or when the queue grows large).
/// </summary>
internal sealed class ImapResponseWriter(LineConnection connection)
{
    /// <summary>BAD responses sent so far (the session closes a connection that collects too many).</summary>
    public int BadResponses { get; private set; }

    /// <summary>Bytes queued and not yet sent.</summary>
    public long Pending => connection.UnflushedBytes;

    /// <summary>RFC 9051 §7.1: <c>tag condition [code] text</c>.</summary>
    public void Tagged(string tag, ImapCondition condition, string? code, string text) => Status(tag, condition, code, text);

    /// <summary>RFC 9051 §7.1: <c>* condition [code] text</c>.</summary>
    public void Untagged(ImapCondition condition, string? code, string text) => Status("*", condition, code, text);

    /// <summary>RFC 9051 §7.2–7.4: untagged data, <c>* payload</c>; the payload may hold literals (see <see cref="ImapStrings"/>).</summary>
    public void Data(string payload) => connection.WriteLine("* " + payload);

    /// <summary>RFC 9051 §7.5: a command continuation request, <c>+ text</c> (text may be base64 or empty).</summary>
    public void Continuation(string text) => connection.WriteLine("+ " + text);

    /// <summary>The line a status response would be, for the last words sent on a closing connection.</summary>
    public static string Format(string tag, ImapCondition condition, string? code, string text)
    {
        var line = new StringBuilder(tag.Length + text.Length + 32);
        line.Append(tag).Append(' ').Append(Keyword(condition)).Append(' ');
        if (code is not null)
            line.Append('[').Append(code).Append("] ");
        // RFC 9051 §9: text is TEXT-CHARs; a message built from client input or an exception must not break the line.
        foreach (char c in text)
            line.Append(c is '\r' or '\n' or '\0' ? ' ' : c);
        return line.ToString();
    }

    private void Status(string tag, ImapCondition condition, string? code, string text)
    {
        if (condition == ImapCondition.Bad)
            BadResponses++;
        connection.WriteLine(Format(tag, condition, code, text));
    }

    private static string Keyword(ImapCondition condition) => condition switch
    {
        ImapCondition.Ok => "OK",
        ImapCondition.No => "NO",
        ImapCondition.Bad => "BAD",
        ImapCondition.PreAuth => "PREAUTH",
        ImapCondition.Bye => "BYE",
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };
}
