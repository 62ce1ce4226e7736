namespace Wren.Interop.Tests.Imaptest;

/// <summary>One command of a script and the tagged reply it expects.</summary>
public sealed class ScriptCommand
{
    internal ScriptCommand(int tag, string text, int lineNumber)
    {
        Tag = tag;
        Text = text;
        LineNumber = lineNumber;
    }

    /// <summary>The script's <c>tagN</c> number for pipelined commands; 0 when the command has none.</summary>
    public int Tag { get; }

    /// <summary>
    /// The command as written, before variables are expanded; a multi-line literal of the script is
    /// embedded as <c>{n}\r\n</c> (or <c>~{n}\r\n</c>) plus its n chars.
    /// </summary>
    public string Text { get; }

    /// <summary>Its line in the script (0 for the LOGOUT the parser adds).</summary>
    public int LineNumber { get; }

    /// <summary>
    /// The expected tagged reply, matched as a prefix: <c>ok</c>, <c>no [trycreate]</c>; a single empty atom
    /// (the script's <c>""</c>) accepts any reply.
    /// </summary>
    public IReadOnlyList<ImapArg> Reply { get; internal set; } = [];

    internal bool HasReply { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
