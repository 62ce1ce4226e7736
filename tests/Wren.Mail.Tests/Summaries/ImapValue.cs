using System.Text;

namespace Wren.Mail.Tests.Summaries;

/// <summary>A parsed IMAP response value: atom, NIL, string (quoted or literal) or parenthesized list.</summary>
internal sealed record ImapValue(ImapValue.Kinds Kind, string Text, IReadOnlyList<ImapValue> Items)
{
    public enum Kinds { Atom, Nil, String, List }

    public bool IsVariable => Kind == Kinds.Atom && Text.StartsWith('$');

    /// <summary>The string's bytes (strings are held one char per byte).</summary>
    public byte[] Bytes => Encoding.Latin1.GetBytes(Text);

    public override string ToString() => Kind switch
    {
        Kinds.Nil => "NIL",
        Kinds.Atom => Text,
        Kinds.String => "\"" + Text.Replace("\r", "\\r").Replace("\n", "\\n") + "\"",
        _ => "(" + string.Join(" ", Items) + ")",
    };

    /// <summary>Parses a sequence of values separated by spaces from <paramref name="text"/> (one char per byte).</summary>
    public static List<ImapValue> ParseAll(string text)
    {
        int i = 0;
        var values = new List<ImapValue>();
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
                return values;
            values.Add(Parse(text, ref i));
        }
    }

    /// <summary>Parses a Wren-written value (a .NET string, UTF-8 on the wire) into the same one-char-per-byte form.</summary>
    public static ImapValue ParseWire(string wire)
    {
        List<ImapValue> values = ParseAll(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(wire)));
        if (values.Count != 1)
            throw new FormatException("Expected one value in " + wire);
        return values[0];
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
            i++;
    }

    private static ImapValue Parse(string text, ref int i)
    {
        char c = text[i];
        if (c == '(')
        {
            i++;
            var items = new List<ImapValue>();
            while (true)
            {
                SkipSpaces(text, ref i);
                if (i >= text.Length)
                    throw new FormatException("Unclosed list");
                if (text[i] == ')')
                {
                    i++;
                    return new ImapValue(Kinds.List, "", items);
                }
                items.Add(Parse(text, ref i));
            }
        }
        if (c == '"')
        {
            var builder = new StringBuilder();
            i++;
            while (text[i] != '"')
            {
                if (text[i] == '\\')
                    i++;
                builder.Append(text[i++]);
            }
            i++;
            return new ImapValue(Kinds.String, builder.ToString(), []);
        }
        if (c == '{' || (c == '~' && i + 1 < text.Length && text[i + 1] == '{'))
        {
            int open = text.IndexOf('{', i);
            int close = text.IndexOf('}', open);
            int length = int.Parse(text.AsSpan(open + 1, close - open - 1).TrimEnd('+'), System.Globalization.CultureInfo.InvariantCulture);
            if (text[close + 1] != '\r' || text[close + 2] != '\n')
                throw new FormatException("Literal without CRLF");
            i = close + 3;
            string content = text.Substring(i, length);
            i += length;
            return new ImapValue(Kinds.String, content, []);
        }

        int start = i;
        while (i < text.Length && text[i] is not (' ' or '(' or ')'))
        {
            if (text[i] == '[')
            {
                int depth = 0;
                while (i < text.Length)
                {
                    if (text[i] == '[')
                        depth++;
                    else if (text[i] == ']' && --depth == 0)
                        break;
                    i++;
                }
            }
            i++;
        }
        string atom = text[start..i];
        return atom.Equals("NIL", StringComparison.OrdinalIgnoreCase)
            ? new ImapValue(Kinds.Nil, "", [])
            : new ImapValue(Kinds.Atom, atom, []);
    }
}
