namespace Wren.Imap.Protocol;

/// <summary>How a date search key compares.</summary>
public enum SearchDateComparison
{
    /// <summary>Earlier than the day.</summary>
    Before,

    /// <summary>Within the day.</summary>
    On,

    /// <summary>Within or later than the day.</summary>
    Since,
}
