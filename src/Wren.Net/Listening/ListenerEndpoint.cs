using System.Net;

namespace Wren.Net.Listening;

/// <summary>Parses <c>address:port</c> listener settings (<c>127.0.0.1:2525</c>, <c>[::1]:25</c>, <c>*:25</c>).</summary>
public static class ListenerEndpoint
{
    /// <summary>Parses one endpoint; <c>*</c> means every IPv6 and IPv4 address.</summary>
    public static IPEndPoint Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out int port) || port is < 0 or > 65535)
            throw new FormatException($"'{text}' is not an address:port listener setting.");
        string host = text[..colon].Trim('[', ']');
        IPAddress address = host == "*" ? IPAddress.IPv6Any
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException($"'{host}' in '{text}' is not an IP address.");
        return new IPEndPoint(address, port);
    }
}
