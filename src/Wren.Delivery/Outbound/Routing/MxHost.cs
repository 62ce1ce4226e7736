using System.Net;

namespace Wren.Delivery.Outbound.Routing;

/// <summary>One mail exchanger to try, with the addresses to connect to in the order to try them.</summary>
/// <param name="Name">The exchanger's host name as the MX record gave it (the domain itself for an implicit MX,
/// the literal for an address literal); DANE looks up TLSA records under it and TLS checks the certificate against it.</param>
/// <param name="Preference">The MX preference (0 for an implicit MX or an address literal).</param>
/// <param name="Addresses">The host's addresses, ordered by <see cref="MxResolverOptions.AddressOrder"/>; never empty.</param>
/// <param name="AddressesAuthenticated">Every A/AAAA answer for the host carried the AD bit (RFC 7672 §2.2 needs it
/// before TLSA records of the host are trusted).</param>
public sealed record MxHost(string Name, int Preference, IReadOnlyList<IPAddress> Addresses, bool AddressesAuthenticated = false);
