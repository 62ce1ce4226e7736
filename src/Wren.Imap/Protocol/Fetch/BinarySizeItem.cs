namespace Wren.Imap.Protocol;

/// <summary>BINARY.SIZE[part] (RFC 9051 §6.4.5, RFC 3516 §4.2).</summary>
/// <param name="Part">The part numbers (empty for the whole message).</param>
public sealed record BinarySizeItem(IReadOnlyList<uint> Part) : FetchItem
{
    /// <summary>The section as the response echoes it.</summary>
    public string PartText => string.Join('.', Part);
}
