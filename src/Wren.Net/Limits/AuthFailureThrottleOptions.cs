namespace Wren.Net.Limits;

/// <summary>Tuning of <see cref="AuthFailureThrottle"/>; the defaults suit a public server.</summary>
public sealed class AuthFailureThrottleOptions
{
    /// <summary>Failures answered without delay (typos happen).</summary>
    public int FreeFailures { get; set; } = 2;

    /// <summary>Delay after the first failure past <see cref="FreeFailures"/>; it doubles with each further failure.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay never grows past this.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An address with no failure for this long is forgotten.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most addresses remembered at once; past it the longest-quiet ones are forgotten first.</summary>
    public int MaxTrackedAddresses { get; set; } = 100_000;
}
