namespace Wren.Imap.Protocol;

/// <summary>THREAD / UID THREAD algorithm charset keys (RFC 5256 §3).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID THREAD: results are UIDs.</param>
/// <param name="Algorithm">The threading algorithm.</param>
/// <param name="Charset">The charset, upper case; strings in the keys are already decoded from it.</param>
/// <param name="Criteria">The search keys, ANDed.</param>
public sealed record ThreadCommand(string Tag, bool Uid, ThreadAlgorithm Algorithm, string Charset, SearchKey Criteria)
    : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID THREAD" : "THREAD";
}
