namespace Wren.Interop.Tests.Imaptest;

/// <summary>One expected (or banned) untagged reply of a command group, with default list directives applied.</summary>
/// <param name="Existence">Whether it must, must not or may arrive.</param>
/// <param name="Args">The pattern, after <c>* </c>.</param>
/// <param name="LineNumber">Its line in the script.</param>
public sealed record UntaggedExpectation(Existence Existence, IReadOnlyList<ImapArg> Args, int LineNumber)
{
    /// <summary>The pattern as text, for messages.</summary>
    public override string ToString() => ImapArg.Format(Args);
}
