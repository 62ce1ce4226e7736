namespace Wren.Interop.Tests.Imaptest;

/// <summary>What kind of line a server sent.</summary>
public enum ImapResponseKind
{
    /// <summary><c>* …</c></summary>
    Untagged,
    /// <summary><c>tag OK|NO|BAD …</c></summary>
    Tagged,
    /// <summary><c>+ …</c></summary>
    Continuation,
}

/// <summary>One server response: a logical line with its literals, and its arguments after the tag.</summary>
/// <param name="Kind">Untagged, tagged or continuation.</param>
/// <param name="Tag">The tag of a tagged reply; <c>*</c> or <c>+</c> otherwise.</param>
/// <param name="Line">The whole logical line (literals embedded as <c>{n}\r\n</c> and their data), Latin-1.</param>
/// <param name="Args">The arguments after the tag (or after <c>* </c>).</param>
public sealed record ImapResponse(ImapResponseKind Kind, string Tag, string Line, IReadOnlyList<ImapArg> Args)
{
    /// <summary>Classifies and parses one logical line.</summary>
    public static ImapResponse Parse(string line)
    {
        int space = line.IndexOf(' ');
        string tag = space < 0 ? line : line[..space];
        string rest = space < 0 ? "" : line[(space + 1)..];
        var kind = tag switch
        {
            "*" => ImapResponseKind.Untagged,
            "+" => ImapResponseKind.Continuation,
            _ => ImapResponseKind.Tagged,
        };
        return new ImapResponse(kind, tag, line, kind == ImapResponseKind.Continuation ? [] : ImapArgParser.Parse(rest));
    }

    /// <summary>The line shortened for messages.</summary>
    public override string ToString() => Line.Length <= 300 ? Line : Line[..300] + "…";
}
