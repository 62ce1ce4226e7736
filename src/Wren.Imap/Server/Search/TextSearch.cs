using System.Text;
using MimeKit;
using MimeKit.IO;
using Wren.Mail.Summaries;

namespace Wren.Imap.Server.Search;

/// <summary>
/// BODY and TEXT (RFC 9051 §6.4.4): a case-insensitive substring search in what the message says, not in its
/// encoded bytes: the text parts with their Content-Transfer-Encoding undone and their charset decoded, and
/// the header fields with RFC 2047 words decoded. The content is streamed part by part in bounded buffers, so a
/// huge message is never held in memory.
/// </summary>
internal static class TextSearch
{
    private const int ChunkChars = 16 * 1024;

    /// <summary>Case-insensitive substring test (the RFC leaves the comparator open; Wren folds case ordinally).</summary>
    public static bool Contains(string text, string needle) => text.Contains(needle, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a header field named <paramref name="field"/> contains <paramref name="needle"/> (any field present, for "").</summary>
    public static bool HeaderContains(HeaderList headers, string field, string needle)
    {
        foreach (Header header in headers)
        {
            if (header.Field.Equals(field, StringComparison.OrdinalIgnoreCase)
                && (needle.Length == 0 || Contains(DecodedValue(header), needle) || Contains(AddressText(header), needle)))
                return true;
        }
        return false;
    }

    /// <summary>
    /// An address field as "Name &lt;mailbox@domain&gt;, …" with comments, routes and folding gone, so that
    /// FROM user@example.org finds "&lt;user (comment)@ example.org&gt;" too (as Dovecot does); "" for other fields.
    /// </summary>
    private static string AddressText(Header header)
    {
        if (header.Id is not (HeaderId.From or HeaderId.To or HeaderId.Cc or HeaderId.Bcc or HeaderId.Sender or HeaderId.ReplyTo
            or HeaderId.ResentFrom or HeaderId.ResentTo or HeaderId.ResentCc or HeaderId.ResentBcc or HeaderId.ResentSender))
            return "";
        if (!InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out InternetAddressList? list))
            return "";
        var text = new StringBuilder();
        Append(text, list);
        return text.ToString();

        static void Append(StringBuilder text, IEnumerable<InternetAddress> addresses)
        {
            foreach (InternetAddress address in addresses)
            {
                if (text.Length > 0)
                    text.Append(", ");
                if (!string.IsNullOrEmpty(address.Name))
                    text.Append(address.Name).Append(' ');
                if (address is MailboxAddress mailbox)
                {
                    text.Append('<').Append(mailbox.Address).Append('>');
                }
                else if (address is GroupAddress group)
                {
                    text.Append(": ");
                    Append(text, group.Members);
                    text.Append(';');
                }
            }
        }
    }

    /// <summary>True when any header field's name or decoded value contains <paramref name="needle"/>.</summary>
    public static bool AnyHeaderContains(HeaderList headers, string needle)
    {
        foreach (Header header in headers)
        {
            if (Contains(header.Field, needle) || Contains(DecodedValue(header), needle))
                return true;
        }
        return needle.Length == 0;
    }

    /// <summary>A field's value unfolded with RFC 2047 words decoded (MimeKit does both for <see cref="Header.Value"/>).</summary>
    public static string DecodedValue(Header header)
    {
        try
        {
            return header.Value ?? "";
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            return Encoding.Latin1.GetString(header.RawValue);
        }
    }

    /// <summary>
    /// True when the body of <paramref name="message"/> (its text parts, and the header and text of embedded
    /// messages) contains <paramref name="needle"/>.
    /// </summary>
    public static async Task<bool> BodyContainsAsync(Stream content, MessageSummary message, string needle, CancellationToken token)
    {
        if (needle.Length == 0)
            return true;
        return await PartContainsAsync(content, message.Body, needle, token);
    }

    private static async Task<bool> PartContainsAsync(Stream content, BodyPart part, string needle, CancellationToken token)
    {
        if (part.IsMultipart)
        {
            foreach (BodyPart child in part.Parts)
            {
                if (await PartContainsAsync(content, child, needle, token))
                    return true;
            }
            return false;
        }
        if (part.Message is { } embedded)
        {
            // message/rfc822: the embedded header and body are text of the enclosing message's body.
            if (AnyHeaderContains(await SearchMessage.LoadHeadersAsync(content, embedded.Header, token), needle))
                return true;
            return await PartContainsAsync(content, embedded.Body, needle, token);
        }
        if (!part.IsText)
            return false;
        return await TextPartContainsAsync(content, part, needle, token);
    }

    private static async Task<bool> TextPartContainsAsync(Stream content, BodyPart part, string needle, CancellationToken token)
    {
        TransferEncodingKind kind = part.TransferEncoding;
        Stream raw = new BoundStream(content, part.Body.Offset, part.Body.End, leaveOpen: true);
        // An unknown Content-Transfer-Encoding cannot be undone: search the bytes as they are.
        await using Stream decoded = TransferEncodings.OpenDecoding(raw, kind == TransferEncodingKind.Unknown ? TransferEncodingKind.Identity : kind);
        using var reader = new StreamReader(decoded, CharsetOf(part), detectEncodingFromByteOrderMarks: false, bufferSize: ChunkChars);
        return await ContainsAsync(reader, needle, token);
    }

    /// <summary>Streams <paramref name="reader"/> in chunks, keeping the last needle-length−1 characters so a match across chunks is found.</summary>
    public static async Task<bool> ContainsAsync(TextReader reader, string needle, CancellationToken token)
    {
        int keep = needle.Length - 1;
        char[] buffer = new char[keep + ChunkChars];
        int carried = 0;
        while (true)
        {
            int read = await reader.ReadAsync(buffer.AsMemory(carried, ChunkChars), token);
            if (read == 0)
                return false;
            int length = carried + read;
            if (buffer.AsSpan(0, length).IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0)
                return true;
            carried = Math.Min(keep, length);
            buffer.AsSpan(length - carried, carried).CopyTo(buffer);
        }
    }

    /// <summary>
    /// The part's charset (RFC 2046 §4.1.2: US-ASCII when absent, read as UTF-8 which contains it, and bytes that
    /// are not UTF-8 as Latin-1); unknown charsets likewise.
    /// </summary>
    private static Encoding CharsetOf(BodyPart part)
    {
        string? name = part.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"', ' ');
        if (string.IsNullOrEmpty(name) || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return Utf8;
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return Utf8;
        }
    }

    private static Encoding Utf8 => Latin1Fallback.Utf8OrLatin1;
}
