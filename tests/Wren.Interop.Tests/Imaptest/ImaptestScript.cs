namespace Wren.Interop.Tests.Imaptest;

/// <summary>A parsed imaptest script: its header and its command groups.</summary>
public sealed class ImaptestScript
{
    internal ImaptestScript(string name, string? mboxPath)
    {
        Name = name;
        MboxPath = mboxPath;
    }

    /// <summary>The file name, e.g. <c>fetch</c>.</summary>
    public string Name { get; }

    /// <summary>The mbox whose messages are APPENDed (<c>name.mbox</c>, else <c>default.mbox</c>); null if none exists.</summary>
    public string? MboxPath { get; }

    /// <summary><c>capabilities:</c> every one must be advertised or the script is skipped.</summary>
    public IReadOnlyList<string> RequiredCapabilities { get; internal set; } = [];

    /// <summary><c>connections:</c> (1 by default; raised by the highest connection number used).</summary>
    public int ConnectionCount { get; internal set; } = 1;

    /// <summary><c>messages:</c> how many mbox messages to APPEND at setup; null for <c>all</c>. 0 by default.</summary>
    public int? MessageCount { get; internal set; } = 0;

    /// <summary><c>state:</c> (selected by default).</summary>
    public ScriptState State { get; internal set; } = ScriptState.Selected;

    /// <summary><c>ignore_extra_untagged:</c> (yes by default): unexpected untagged replies are allowed.</summary>
    public bool IgnoreExtraUntagged { get; internal set; } = true;

    /// <summary><c>user N: value</c> headers: the login of connection N (from 1) when not the main user.</summary>
    public Dictionary<int, string> ConnectionUsers { get; } = [];

    /// <summary>A connection logs in as the second user (<c>user 2: $user2</c>); skipped when none is configured.</summary>
    public bool RequiresUser2 { get; internal set; }

    /// <summary>The first group checks the greeting (the script begins with an untagged line).</summary>
    public bool HasBannerCheck { get; internal set; }

    /// <summary>The command groups in order, ending with the LOGOUT the parser adds when the script has none.</summary>
    public List<CommandGroup> Groups { get; } = [];
}
