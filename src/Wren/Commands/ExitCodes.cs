namespace Wren.Cli.Commands;

/// <summary>The <c>wren</c> command's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command could not do it (one line on stderr says why).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary><c>wren send</c>: the server refused the sender, a recipient or the message (its reply is on stderr).</summary>
    public const int Refused = 3;

    /// <summary><c>wren dns check</c>: at least one check is FAIL, something required is missing or wrong (the output says what to publish).</summary>
    public const int DnsCheckFailed = 4;

    /// <summary><c>wren dns check</c>: no check is FAIL but a DNS query failed, so a result is unknown; try again.</summary>
    public const int DnsCheckUnknown = 5;
}
