using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>The kind of one parsed IMAP argument.</summary>
public enum ImapArgKind
{
    /// <summary>A bare atom (anything up to a space), including <c>BODY[1]</c> or <c>[UIDNEXT</c>.</summary>
    Atom,
    /// <summary>A quoted string.</summary>
    String,
    /// <summary>A literal (<c>{n}</c> or <c>~{n}</c>) with its content.</summary>
    Literal,
    /// <summary>The atom <c>NIL</c>.</summary>
    Nil,
    /// <summary>A parenthesised list.</summary>
    List,
}

/// <summary>
/// One argument of an IMAP line, as both the script's expectations and the server's responses are parsed:
/// text is kept byte for byte (Latin-1, one char per byte), lists hold their items.
/// </summary>
public sealed class ImapArg
{
    private static readonly IReadOnlyList<ImapArg> NoItems = [];

    private ImapArg(ImapArgKind kind, string text, IReadOnlyList<ImapArg> items)
    {
        Kind = kind;
        Text = text;
        Items = items;
    }

    /// <summary>What the argument is.</summary>
    public ImapArgKind Kind { get; }

    /// <summary>The atom, string or literal content; <c>NIL</c> for NIL; empty for a list.</summary>
    public string Text { get; }

    /// <summary>The items of a list (empty for the other kinds).</summary>
    public IReadOnlyList<ImapArg> Items { get; }

    /// <summary>True for an atom, a quoted string or a literal: IMAP's astring, compared by its text.</summary>
    public bool IsText => Kind is ImapArgKind.Atom or ImapArgKind.String or ImapArgKind.Literal;

    /// <summary>An atom (<c>NIL</c> in any case becomes <see cref="ImapArgKind.Nil"/>).</summary>
    public static ImapArg Atom(string text) =>
        string.Equals(text, "NIL", StringComparison.OrdinalIgnoreCase) ? new(ImapArgKind.Nil, text, NoItems) : new(ImapArgKind.Atom, text, NoItems);

    /// <summary>A quoted string with its unescaped content.</summary>
    public static ImapArg Quoted(string text) => new(ImapArgKind.String, text, NoItems);

    /// <summary>A literal with its content.</summary>
    public static ImapArg Literal(string text) => new(ImapArgKind.Literal, text, NoItems);

    /// <summary>A list of <paramref name="items"/>.</summary>
    public static ImapArg List(IReadOnlyList<ImapArg> items) => new(ImapArgKind.List, "", items);

    /// <summary>Formats arguments the way they read on the wire (literals shortened), for messages.</summary>
    public static string Format(IEnumerable<ImapArg> args)
    {
        var sb = new StringBuilder();
        AppendAll(sb, args);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendOne(sb, this);
        return sb.ToString();
    }

    private static void AppendAll(StringBuilder sb, IEnumerable<ImapArg> args)
    {
        bool first = true;
        foreach (var arg in args)
        {
            if (!first)
                sb.Append(' ');
            first = false;
            AppendOne(sb, arg);
        }
    }

    private static void AppendOne(StringBuilder sb, ImapArg arg)
    {
        switch (arg.Kind)
        {
            case ImapArgKind.List:
                sb.Append('(');
                AppendAll(sb, arg.Items);
                sb.Append(')');
                break;
            case ImapArgKind.String:
                sb.Append('"').Append(arg.Text.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
                break;
            case ImapArgKind.Literal:
                string shown = arg.Text.Length <= 200 ? arg.Text : arg.Text[..200] + "…";
                sb.Append('{').Append(arg.Text.Length).Append("}\"").Append(shown.Replace("\r", "\\r").Replace("\n", "\\n")).Append('"');
                break;
            default:
                sb.Append(arg.Text);
                break;
        }
    }
}
