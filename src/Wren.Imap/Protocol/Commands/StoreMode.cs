namespace Wren.Imap.Protocol;

/// <summary>What STORE does with the flags (RFC 9051 §6.4.6).</summary>
public enum StoreMode
{
    /// <summary>FLAGS: replace.</summary>
    Replace,

    /// <summary>+FLAGS: add.</summary>
    Add,

    /// <summary>-FLAGS: remove.</summary>
    Remove,
}
