using System.Text;

namespace Wren.Imap.Protocol;

/// <summary>
/// The charsets SEARCH, SORT and THREAD accept (RFC 9051 §6.4.4: US-ASCII and UTF-8 at least): whatever
/// .NET decodes, the legacy code pages included, without registering a process-wide provider.
/// </summary>
internal static class CharsetDecoder
{
    /// <summary>
    /// Finds a charset. <paramref name="encoding"/> is null for UTF-8 and US-ASCII, which the parser decodes
    /// itself (strictly).
    /// </summary>
    public static bool TryFind(string name, out Encoding? encoding)
    {
        encoding = null;
        if (name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase))
            return true;
        try
        {
            encoding = CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Unknown names, and ones .NET refuses on purpose (UTF-7, SYSLIB0001).
            return false;
        }
    }

    public static string Decode(Encoding encoding, ReadOnlySpan<byte> bytes) => encoding.GetString(bytes);
}
