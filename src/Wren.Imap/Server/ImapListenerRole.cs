namespace Wren.Imap.Server;

/// <summary>How an IMAP port starts TLS.</summary>
public enum ImapListenerRole
{
    /// <summary>Port 143: plaintext greeting, STARTTLS offered (RFC 9051 §6.2.1).</summary>
    Imap,

    /// <summary>Port 993: TLS from the first byte (RFC 8314 §3.3).</summary>
    Imaps,
}
