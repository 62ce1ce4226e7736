namespace Wren.Interop.Tests.Imaptest;

/// <summary>How a script ended.</summary>
public enum ScriptOutcome
{
    /// <summary>Every command got the expected replies.</summary>
    Passed,
    /// <summary>A reply did not match (see <see cref="ScriptResult.Failure"/>).</summary>
    Failed,
    /// <summary>Not run: the server lacks a required capability (or no second user was given).</summary>
    Skipped,
}

/// <summary>The first mismatch of a failed script.</summary>
/// <param name="LineNumber">The script line of the command group (0 for setup).</param>
/// <param name="Command">The command as sent (variables expanded, literals shortened).</param>
/// <param name="Reason">What went wrong, in imaptest's words where it has them.</param>
/// <param name="Expected">The expected reply pattern.</param>
/// <param name="Got">The closest reply received (empty when none came).</param>
public sealed record ScriptFailure(int LineNumber, string Command, string Reason, string Expected, string Got)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"line {LineNumber}: {Reason}\n  command:  {Command}\n  expected: {Expected}\n  got:      {Got}";
}

/// <summary>The result of one script.</summary>
/// <param name="Name">The script's name.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Failure">The first mismatch when failed.</param>
/// <param name="SkipReason">Why it was skipped (the first missing capability).</param>
public sealed record ScriptResult(string Name, ScriptOutcome Outcome, ScriptFailure? Failure = null, string? SkipReason = null)
{
    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        ScriptOutcome.Passed => $"{Name}: passed",
        ScriptOutcome.Skipped => $"{Name}: skipped ({SkipReason})",
        _ => $"{Name}: FAILED {Failure}",
    };
}
