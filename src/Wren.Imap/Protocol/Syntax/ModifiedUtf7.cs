using System.Text;

namespace Wren.Imap.Protocol;

/// <summary>
/// Modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable US-ASCII but "&amp;" stands for itself,
/// "&amp;-" is "&amp;", and other characters are UTF-16 in modified BASE64 ("," for "/", no padding) between
/// "&amp;" and "-". Used with clients that have not enabled UTF8=ACCEPT or IMAP4rev2.
/// </summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a mailbox name for a client that expects modified UTF-7.</summary>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        int i = 0;
        while (i < name.Length)
        {
            char c = name[i];
            if (c == '&')
            {
                sb.Append("&-");
                i++;
            }
            else if (c >= 0x20 && c <= 0x7E)
            {
                sb.Append(c);
                i++;
            }
            else
            {
                // One shift sequence covers the whole run of characters that cannot stand for themselves.
                int start = i;
                while (i < name.Length && (name[i] < 0x20 || name[i] > 0x7E))
                    i++;
                sb.Append('&');
                AppendBase64(sb, name.AsSpan(start, i - start));
                sb.Append('-');
            }
        }
        return sb.ToString();
    }

    private static void AppendBase64(StringBuilder sb, ReadOnlySpan<char> run)
    {
        int bits = 0;
        int bitCount = 0;
        foreach (char c in run)
        {
            bits = (bits << 16) | c;
            bitCount += 16;
            while (bitCount >= 6)
            {
                bitCount -= 6;
                sb.Append(Alphabet[(bits >> bitCount) & 0x3F]);
            }
            bits &= (1 << bitCount) - 1;
        }
        if (bitCount > 0)
            sb.Append(Alphabet[(bits << (6 - bitCount)) & 0x3F]);
    }

    /// <summary>
    /// Decodes a mailbox name. Returns false for what RFC 3501 §5.1.3 does not allow: octets outside printable
    /// US-ASCII, an unterminated shift, bad BASE64 or non-zero padding bits, printable ASCII encoded in BASE64,
    /// an unpaired surrogate.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out string decoded)
    {
        decoded = "";
        var sb = new StringBuilder(encoded.Length);
        int i = 0;
        while (i < encoded.Length)
        {
            byte b = encoded[i];
            if (b < 0x20 || b > 0x7E)
                return false;
            if (b != (byte)'&')
            {
                sb.Append((char)b);
                i++;
                continue;
            }
            int end = encoded[(i + 1)..].IndexOf((byte)'-');
            if (end < 0)
                return false;
            ReadOnlySpan<byte> run = encoded.Slice(i + 1, end);
            i += end + 2;
            if (run.IsEmpty)
            {
                sb.Append('&');
                continue;
            }
            if (!TryDecodeRun(run, sb))
                return false;
        }
        decoded = sb.ToString();
        return true;
    }

    /// <summary>Decodes a mailbox name; throws <see cref="ImapParseException"/> when it is not valid.</summary>
    public static string Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out string decoded)
            ? decoded
            : throw new ImapParseException(ImapErrorKind.InvalidMailboxName, "Mailbox name is not valid modified UTF-7");

    private static bool TryDecodeRun(ReadOnlySpan<byte> run, StringBuilder sb)
    {
        int bits = 0;
        int bitCount = 0;
        int startLength = sb.Length;
        foreach (byte b in run)
        {
            int value = Alphabet.IndexOf((char)b);
            if (value < 0)
                return false;
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 16)
            {
                bitCount -= 16;
                char c = (char)((bits >> bitCount) & 0xFFFF);
                // RFC 3501 §5.1.3: modified BASE64 MUST NOT represent printable US-ASCII.
                if (c >= 0x20 && c <= 0x7E)
                    return false;
                sb.Append(c);
                bits &= (1 << bitCount) - 1;
            }
        }
        // What is left must be padding: fewer than 6 bits... of zeros (no partial UTF-16 unit).
        if (bitCount >= 6 || bits != 0 || sb.Length == startLength)
            return false;
        // UTF-16 must be well formed: surrogates come in pairs.
        for (int k = startLength; k < sb.Length; k++)
        {
            char c = sb[k];
            if (char.IsHighSurrogate(c))
            {
                if (k + 1 >= sb.Length || !char.IsLowSurrogate(sb[k + 1]))
                    return false;
                k++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }
}
