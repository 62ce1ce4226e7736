using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.MailAuth.Spf;

/// <summary>The values the macro letters of RFC 7208 §7.2 expand to, for one level of check_host().</summary>
/// <param name="Sender">&lt;sender&gt;: local-part@domain (%{s}).</param>
/// <param name="LocalPart">The sender's local-part (%{l}); "postmaster" when it had none (§4.3).</param>
/// <param name="SenderDomain">The sender's domain (%{o}).</param>
/// <param name="Domain">&lt;domain&gt;, the domain whose record is being evaluated (%{d}).</param>
/// <param name="Client">&lt;ip&gt;, IPv4-mapped addresses already as IPv4 (%{i}, %{c}, %{v}).</param>
/// <param name="Helo">The HELO/EHLO name as given (%{h}).</param>
/// <param name="ReceiverName">This host's name (%{r}, explanations only).</param>
/// <param name="Timestamp">Seconds since the epoch (%{t}, explanations only).</param>
/// <param name="ValidatedName">The validated domain name of &lt;ip&gt; (%{p}); looked up only when a macro-string needs it.</param>
internal sealed record SpfMacroContext(
    string Sender,
    string LocalPart,
    string SenderDomain,
    string Domain,
    IPAddress Client,
    string Helo,
    string ReceiverName,
    long Timestamp,
    string? ValidatedName = null)
{
    /// <summary>The unexpanded value of <paramref name="letter"/> (lower case), per RFC 7208 §7.2.</summary>
    public string ValueOf(char letter) => letter switch
    {
        's' => Sender,
        'l' => LocalPart,
        'o' => SenderDomain,
        'd' => Domain,
        'i' => DottedAddress(Client),
        // §7.3: "unknown" when no name validated (or a DNS error happened).
        'p' => ValidatedName ?? "unknown",
        'v' => Client.AddressFamily == AddressFamily.InterNetwork ? "in-addr" : "ip6",
        'h' => Helo,
        // §7.3: "c" is the readable form: dotted quad, or RFC 5952 text for IPv6.
        'c' => Client.ToString(),
        'r' => ReceiverName,
        't' => Timestamp.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, "not an SPF macro letter"),
    };

    /// <summary>
    /// RFC 7208 §7.3: "i" is the dotted quad for IPv4, and for IPv6 the 32 nibbles in hex separated by dots
    /// (as in ip6.arpa, RFC 3596 §2.5), most significant first.
    /// </summary>
    private static string DottedAddress(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return address.ToString();
        byte[] bytes = address.GetAddressBytes();
        var text = new StringBuilder(63);
        foreach (byte b in bytes)
        {
            if (text.Length > 0)
                text.Append('.');
            text.Append("0123456789abcdef"[b >> 4]).Append('.').Append("0123456789abcdef"[b & 0xF]);
        }
        return text.ToString();
    }
}
