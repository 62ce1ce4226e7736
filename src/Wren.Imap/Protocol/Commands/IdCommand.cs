namespace Wren.Imap.Protocol;

/// <summary>ID (params) / ID NIL (RFC 2971 §3.1).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Parameters">The field/value pairs in order (a value is null for NIL); null for ID NIL.</param>
public sealed record IdCommand(string Tag, IReadOnlyList<KeyValuePair<string, string?>>? Parameters) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "ID";
}
