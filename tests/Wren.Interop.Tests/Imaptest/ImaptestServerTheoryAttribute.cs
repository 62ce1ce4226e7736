namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// A theory that runs only when <c>WREN_IMAPTEST_SERVER</c> is set (<c>host:port:user:pass[:user2[:pass2]]</c>):
/// the scripts delete the test user's mailboxes, so they never run against a server by accident.
/// </summary>
public sealed class ImaptestServerTheoryAttribute : TheoryAttribute
{
    /// <summary>The environment variable naming the server.</summary>
    public const string Variable = "WREN_IMAPTEST_SERVER";

    /// <summary>Skips the theory unless <see cref="Variable"/> is set.</summary>
    public ImaptestServerTheoryAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Set {Variable}=host:port:user:pass to run the imaptest scripts against a server (see Imaptest/README.md)";
    }
}
