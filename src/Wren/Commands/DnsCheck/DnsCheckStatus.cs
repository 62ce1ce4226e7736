namespace Wren.Cli.Commands.DnsCheck;

/// <summary>The verdict of one DNS check.</summary>
public enum DnsCheckStatus
{
    /// <summary>What is published is what Wren expects.</summary>
    Ok,

    /// <summary>Something optional (MTA-STS, TLS-RPT) is missing, or something works but is weaker than it should be.</summary>
    Warn,

    /// <summary>Something required is missing or wrong: the result says what to publish.</summary>
    Fail,

    /// <summary>DNS itself failed (SERVFAIL, REFUSED, timeout): nothing is known about the record; try again.</summary>
    Error,
}

/// <summary>How <see cref="DnsCheckStatus"/> is spelled in text (<c>OK</c>) and JSON (<c>ok</c>).</summary>
public static class DnsCheckStatusNames
{
    /// <summary>Upper case, for text: <c>OK</c>, <c>WARN</c>, <c>FAIL</c>, <c>ERROR</c>.</summary>
    public static string Text(this DnsCheckStatus status) => status switch
    {
        DnsCheckStatus.Ok => "OK",
        DnsCheckStatus.Warn => "WARN",
        DnsCheckStatus.Fail => "FAIL",
        _ => "ERROR",
    };

    /// <summary>Lower case, for JSON: <c>ok</c>, <c>warn</c>, <c>fail</c>, <c>error</c>.</summary>
    public static string Json(this DnsCheckStatus status) => status.Text().ToLowerInvariant();
}
