namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>What a destination domain asks of TLS, looked up once per delivery attempt to that domain.</summary>
/// <param name="Domain">The next-hop (recipient) domain, lower case.</param>
/// <param name="MtaSts">The MTA-STS policy in force (mode <see cref="MtaStsMode.None"/> counts as none), or null.</param>
/// <param name="Description">How the policy was found, for logs.</param>
public sealed record DomainTlsPolicy(string Domain, MtaStsPolicy? MtaSts, string Description);
