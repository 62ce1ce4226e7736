namespace Wren.Imap.Protocol;

/// <summary>Which date a date search key looks at.</summary>
public enum SearchDateField
{
    /// <summary>The internal date (BEFORE, ON, SINCE).</summary>
    Internal,

    /// <summary>The Date: header (SENTBEFORE, SENTON, SENTSINCE).</summary>
    Sent,
}
