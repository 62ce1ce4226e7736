namespace Wren.Imap.Protocol;

/// <summary>
/// SORT / UID SORT [RETURN (options)] (criteria) charset keys (RFC 5256 §3, ESORT RFC 5267 §3).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID SORT: results are UIDs.</param>
/// <param name="SortBy">The sort criteria, most significant first.</param>
/// <param name="Charset">The charset, upper case; strings in the keys are already decoded from it.</param>
/// <param name="Criteria">The search keys, ANDed.</param>
/// <param name="Return">ESORT RETURN options, or null.</param>
public sealed record SortCommand(
    string Tag,
    bool Uid,
    IReadOnlyList<SortCriterion> SortBy,
    string Charset,
    SearchKey Criteria,
    SearchReturnOptions? Return) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID SORT" : "SORT";
}
