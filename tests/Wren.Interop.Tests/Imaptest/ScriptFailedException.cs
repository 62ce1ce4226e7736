namespace Wren.Interop.Tests.Imaptest;

/// <summary>Ends a script run at its first mismatch.</summary>
public sealed class ScriptFailedException(ScriptFailure failure) : Exception(failure.ToString())
{
    /// <summary>The mismatch.</summary>
    public ScriptFailure Failure { get; } = failure;
}
