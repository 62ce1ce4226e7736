namespace Wren.Delivery.Outbound.Routing;

/// <summary>Why no host can be tried for a domain now.</summary>
/// <param name="IsPermanent">True: bounce the recipients (5.x.x); false: keep them queued and retry later (4.x.x).</param>
/// <param name="EnhancedCode">The RFC 3463 enhanced status code for the DSN, e.g. <c>5.1.2</c> or <c>4.4.3</c>.</param>
/// <param name="Text">A sentence for the DSN and the log.</param>
public sealed record RoutingFailure(bool IsPermanent, string EnhancedCode, string Text);
