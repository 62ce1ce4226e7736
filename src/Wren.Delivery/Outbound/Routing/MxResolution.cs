namespace Wren.Delivery.Outbound.Routing;

/// <summary>The hosts to try for one recipient domain, in order, or why there are none.</summary>
/// <param name="Hosts">Hosts with addresses, lowest preference first (empty when <paramref name="Failure"/> is set).</param>
/// <param name="Authenticated">The MX answer (or, for an implicit MX, the NODATA answer) was DNSSEC-validated:
/// the AD bit was set (RFC 7672 §2.2.1: DANE applies only then).</param>
/// <param name="Failure">Set when no host can be tried.</param>
public sealed record MxResolution(IReadOnlyList<MxHost> Hosts, bool Authenticated, RoutingFailure? Failure)
{
    /// <summary>True when there is at least one host to try.</summary>
    public bool Succeeded => Failure is null;

    internal static MxResolution Permanent(string code, string text) => new([], false, new RoutingFailure(true, code, text));

    internal static MxResolution Temporary(string code, string text) => new([], false, new RoutingFailure(false, code, text));
}
