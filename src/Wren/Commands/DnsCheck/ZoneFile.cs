using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// Records written as zone file lines (RFC 1035 §5.1), absolute names with the trailing dot, so they can be pasted
/// into a zone or read out to a DNS provider's web form.
/// </summary>
public static class ZoneFile
{
    /// <summary>RFC 1035 §3.3.14: a TXT character-string holds at most 255 bytes.</summary>
    public const int MaxStringBytes = 255;

    /// <summary><c>name. IN TXT "text"</c>; a text longer than 255 bytes is cut into several strings, <c>( "…" "…" )</c>.</summary>
    public static string Txt(string name, string text)
    {
        IReadOnlyList<string> strings = Strings(text);
        string quoted = string.Join(' ', strings.Select(Quote));
        return strings.Count == 1 ? $"{Absolute(name)} IN TXT {quoted}" : $"{Absolute(name)} IN TXT ( {quoted} )";
    }

    /// <summary><c>domain. IN MX preference host.</c></summary>
    public static string Mx(string domain, int preference, string host) =>
        $"{Absolute(domain)} IN MX {preference.ToString(CultureInfo.InvariantCulture)} {Absolute(host)}";

    /// <summary><c>name. IN A address</c>, or <c>AAAA</c> for an IPv6 address.</summary>
    public static string Address(string name, IPAddress address) =>
        $"{Absolute(name)} IN {(address.AddressFamily == AddressFamily.InterNetworkV6 ? "AAAA" : "A")} {address}";

    /// <summary><c>reverse-name. IN PTR host.</c> under in-addr.arpa or ip6.arpa.</summary>
    public static string Ptr(IPAddress address, string host) => $"{Absolute(ReverseName(address))} IN PTR {Absolute(host)}";

    /// <summary>RFC 1035 §3.5, RFC 3596 §2.5: the reverse name of an address, octets (or nibbles) last to first.</summary>
    public static string ReverseName(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        byte[] bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(CultureInfo.InvariantCulture))) + ".in-addr.arpa";
        return string.Join('.', bytes.Reverse().SelectMany(b => new[] { (b & 0xF).ToString("x", CultureInfo.InvariantCulture), (b >> 4).ToString("x", CultureInfo.InvariantCulture) }))
            + ".ip6.arpa";
    }

    /// <summary><paramref name="text"/> cut into strings of at most 255 bytes of UTF-8, never inside a character.</summary>
    public static IReadOnlyList<string> Strings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var strings = new List<string>();
        var current = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxStringBytes)
            {
                strings.Add(current.ToString());
                current.Clear();
                bytes = 0;
            }
            current.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }
        strings.Add(current.ToString());
        return strings;
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    // RFC 1035 §5.1: inside quotes, \" and \\ stand for themselves; other non-printable bytes as \DDD.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is '"' or '\\')
                quoted.Append('\\').Append(c);
            else if (c < ' ' || c == 0x7F)
                quoted.Append('\\').Append(((int)c).ToString("D3", CultureInfo.InvariantCulture));
            else
                quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
