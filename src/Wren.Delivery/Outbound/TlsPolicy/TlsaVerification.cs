namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>The result of matching a server's certificates against TLSA records.</summary>
/// <param name="Matched">True when a usable record matched.</param>
/// <param name="Reason">Which record matched, or why none did (for logs and DSNs).</param>
public sealed record TlsaVerification(bool Matched, string Reason);
