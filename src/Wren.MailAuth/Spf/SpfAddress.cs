using System.Net;
using System.Net.Sockets;

namespace Wren.MailAuth.Spf;

/// <summary>Address syntax and matching for SPF: strict ip4/ip6 networks, CIDR comparison, IPv4-mapped addresses.</summary>
internal static class SpfAddress
{
    /// <summary>
    /// RFC 7208 §5 (and §5.6): an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) is an IPv4 address and is evaluated
    /// with the IPv4 mechanisms only.
    /// </summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>True when <paramref name="address"/> is in <paramref name="network"/>/<paramref name="prefix"/>; different families never match.</summary>
    public static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
            return false;
        Span<byte> a = stackalloc byte[16];
        Span<byte> n = stackalloc byte[16];
        address.TryWriteBytes(a, out int length);
        network.TryWriteBytes(n, out _);
        int fullBytes = prefix / 8;
        if (!a[..fullBytes].SequenceEqual(n[..fullBytes]))
            return false;
        int rest = prefix % 8;
        if (rest == 0 || fullBytes >= length)
            return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[fullBytes] & mask) == (n[fullBytes] & mask);
    }

    /// <summary>
    /// RFC 7208 §5.6: ip4-network = qnum "." qnum "." qnum "." qnum, each 0-255 without leading zeros; no short forms
    /// ("1.2.3" is an error, §5.6/4).
    /// </summary>
    public static bool TryParseIp4(string text, out IPAddress? address)
    {
        address = null;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
            return false;
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            string p = parts[i];
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit))
                return false;
            int value = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (value > 255)
                return false;
            bytes[i] = (byte)value;
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>RFC 7208 §5.6: ip6-network is an RFC 4291 §2.2 text address: hex digits, colons and an optional dotted tail.</summary>
    public static bool TryParseIp6(string text, out IPAddress? address)
    {
        address = null;
        if (text.Length == 0 || !text.Contains(':') || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'))
            return false;
        return IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>
    /// RFC 7208 §5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT), at most 32; ip6-cidr-length = "/" ("0" /
    /// %x31-39 0*2DIGIT), at most 128 (§5.6/2: larger values are errors).
    /// </summary>
    public static bool TryParsePrefix(string digits, bool ipv6, out int prefix)
    {
        prefix = 0;
        int maxDigits = ipv6 ? 3 : 2;
        if (digits.Length == 0 || digits.Length > maxDigits || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
            return false;
        prefix = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return prefix <= (ipv6 ? 128 : 32);
    }
}
