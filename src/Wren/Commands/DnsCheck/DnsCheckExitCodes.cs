namespace Wren.Cli.Commands.DnsCheck;

/// <summary>The exit codes of <c>wren dns check</c> beyond <see cref="ExitCodes"/>' common ones.</summary>
public static class DnsCheckExitCodes
{
    /// <summary>At least one check is FAIL: something required is missing or wrong (the output says what to publish).</summary>
    public const int Fail = 4;

    /// <summary>No check is FAIL but at least one is ERROR: a DNS query failed, so the result is unknown; try again.</summary>
    public const int Error = 5;
}
