namespace Wren.Imap.Protocol;

/// <summary>
/// LIST [(selection options)] reference (pattern / (patterns)) [RETURN (options)] (RFC 9051 §6.3.9,
/// LIST-EXTENDED RFC 5258, SPECIAL-USE RFC 6154, LIST-STATUS RFC 5819).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Reference">The decoded reference name.</param>
/// <param name="Patterns">The decoded patterns (one without LIST-EXTENDED), with their % and * wildcards.</param>
/// <param name="Selection">The selection options.</param>
/// <param name="Return">The return options.</param>
/// <param name="StatusItems">The items of RETURN (STATUS (...)) (RFC 5819), empty without it.</param>
/// <param name="IsExtended">
/// The extended form was used (selection options, several patterns or RETURN): RFC 5258 §3 rules apply,
/// e.g. "" is not the special delimiter request.
/// </param>
public sealed record ListCommand(
    string Tag,
    string Reference,
    IReadOnlyList<string> Patterns,
    ListSelectOptions Selection,
    ListReturnOptions Return,
    IReadOnlyList<StatusItem> StatusItems,
    bool IsExtended) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "LIST";
}
