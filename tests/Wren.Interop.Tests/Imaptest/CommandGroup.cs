namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Commands sent together on one connection (one command, or several pipelined <c>tagN</c> ones) and the untagged
/// replies expected before all their tagged replies have arrived.
/// </summary>
public sealed class CommandGroup
{
    internal CommandGroup(int connectionIndex) => ConnectionIndex = connectionIndex;

    /// <summary>The connection the group runs on, from 0.</summary>
    public int ConnectionIndex { get; internal set; }

    /// <summary>The commands, in sending order (none for a banner check).</summary>
    public List<ScriptCommand> Commands { get; } = [];

    /// <summary>Expected, banned and optional untagged replies.</summary>
    public List<UntaggedExpectation> Untagged { get; } = [];

    /// <summary><c>!ordered</c>: the required untagged replies must arrive in the listed order.</summary>
    public bool Ordered { get; internal set; }

    /// <summary>A required <c>* bye</c> is listed: the server may close the connection.</summary>
    public bool ExpectsBye { get; internal set; }

    /// <summary><c>!sleep</c> after the group finished, in milliseconds.</summary>
    public int SleepMilliseconds { get; internal set; }

    /// <summary><c>!output</c> lines printed (expanded) when the group finished.</summary>
    public List<string> Output { get; } = [];

    internal int RepliesPending { get; set; }

    /// <summary>The first command's line, for messages.</summary>
    public int LineNumber => Commands.Count > 0 ? Commands[0].LineNumber : Untagged.Count > 0 ? Untagged[0].LineNumber : 0;
}
