namespace Wren.Imap.Protocol;

/// <summary>Where a text search key looks.</summary>
public enum TextSearchScope
{
    /// <summary>BODY: the body only.</summary>
    Body,

    /// <summary>TEXT: header and body.</summary>
    Text,
}
