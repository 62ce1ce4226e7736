namespace Wren.Pop3.Server;

/// <summary>How a POP3 port starts TLS.</summary>
public enum Pop3ListenerRole
{
    /// <summary>Port 110: plaintext greeting, STLS offered (RFC 2595 §4).</summary>
    Pop3,
    /// <summary>Port 995: TLS from the first byte (RFC 8314 §3.3).</summary>
    Pop3s,
}
