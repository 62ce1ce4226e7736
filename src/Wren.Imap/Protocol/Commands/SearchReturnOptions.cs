namespace Wren.Imap.Protocol;

/// <summary>
/// SEARCH/SORT RETURN options (RFC 4731 §3.1, RFC 5182 §2, RFC 5267 §3). An empty RETURN () is
/// <see cref="All"/> (RFC 4731 §3.1).
/// </summary>
[Flags]
public enum SearchReturnOptions
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>MIN.</summary>
    Min = 1,

    /// <summary>MAX.</summary>
    Max = 2,

    /// <summary>ALL.</summary>
    All = 4,

    /// <summary>COUNT.</summary>
    Count = 8,

    /// <summary>SAVE: keep the result for "$" (RFC 5182).</summary>
    Save = 16,
}
