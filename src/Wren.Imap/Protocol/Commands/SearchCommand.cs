namespace Wren.Imap.Protocol;

/// <summary>
/// SEARCH / UID SEARCH [RETURN (options)] [CHARSET name] keys (RFC 9051 §6.4.4, ESEARCH RFC 4731,
/// SEARCHRES RFC 5182).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID SEARCH: results are UIDs.</param>
/// <param name="Charset">The CHARSET given, upper case, or null; strings in the keys are already decoded from it.</param>
/// <param name="Criteria">The keys, ANDed: an <see cref="AndSearchKey"/> when there are several.</param>
/// <param name="Return">The RETURN options, or null without RETURN (then a plain SEARCH response, RFC 3501).</param>
public sealed record SearchCommand(string Tag, bool Uid, string? Charset, SearchKey Criteria, SearchReturnOptions? Return)
    : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID SEARCH" : "SEARCH";
}
