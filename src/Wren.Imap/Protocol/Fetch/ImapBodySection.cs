using System.Text;

namespace Wren.Imap.Protocol;

/// <summary>A body section specifier, the inside of BODY[...] (RFC 9051 §6.4.5).</summary>
/// <param name="Part">Part numbers, outermost first; empty for the message itself.</param>
/// <param name="Text">The text specifier.</param>
/// <param name="HeaderFields">Field names of HEADER.FIELDS(.NOT), as sent; empty otherwise.</param>
public sealed record ImapBodySection(IReadOnlyList<uint> Part, BodySectionText Text, IReadOnlyList<string> HeaderFields)
{
    /// <summary>BODY[]: the whole message.</summary>
    public static ImapBodySection Whole { get; } = new([], BodySectionText.None, []);

    /// <summary>The specifier as the FETCH response echoes it: <c>1.2.HEADER.FIELDS (From To)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendJoin('.', Part);
        string? text = Text switch
        {
            BodySectionText.Header => "HEADER",
            BodySectionText.HeaderFields => "HEADER.FIELDS",
            BodySectionText.HeaderFieldsNot => "HEADER.FIELDS.NOT",
            BodySectionText.Text => "TEXT",
            BodySectionText.Mime => "MIME",
            _ => null,
        };
        if (text is not null)
        {
            if (Part.Count > 0)
                sb.Append('.');
            sb.Append(text);
        }
        if (Text is BodySectionText.HeaderFields or BodySectionText.HeaderFieldsNot)
        {
            sb.Append(" (");
            for (int i = 0; i < HeaderFields.Count; i++)
            {
                if (i > 0)
                    sb.Append(' ');
                AppendAString(sb, HeaderFields[i]);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static void AppendAString(StringBuilder sb, string value)
    {
        bool atom = value.Length > 0;
        foreach (char c in value)
        {
            if (c > 0x7E || !ImapChars.IsAStringChar((byte)c))
            {
                atom = false;
                break;
            }
        }
        if (atom)
        {
            sb.Append(value);
            return;
        }
        sb.Append('"').Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
    }
}
