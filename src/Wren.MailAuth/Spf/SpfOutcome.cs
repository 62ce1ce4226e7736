namespace Wren.MailAuth.Spf;

/// <summary>What one level of check_host() produced: the verdict and, for a fail, the explanation (RFC 7208 §6.2).</summary>
internal readonly record struct SpfOutcome(SpfVerdict Verdict, string? Explanation = null, string? Problem = null);
