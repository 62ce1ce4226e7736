namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Parses one logical IMAP line into arguments, leniently: it never fails, because a server's human-readable
/// text (<c>OK Fetch completed (0.001 + 0.000 secs).</c>) must parse too. Literals appear in the line as
/// <c>{n}\r\n</c> (or <c>~{n}\r\n</c>) followed by n chars. Atoms run to a space, or to <c>)</c> inside a list,
/// so <c>BODY[HEADER.FIELDS</c>, <c>(SUBJECT)</c> and <c>]</c> are three arguments for both sides alike.
/// </summary>
public static class ImapArgParser
{
    /// <summary>Parses <paramref name="line"/> (without its final CRLF).</summary>
    public static IReadOnlyList<ImapArg> Parse(string line)
    {
        var stack = new Stack<List<ImapArg>>();
        var current = new List<ImapArg>();
        int pos = 0;
        while (pos < line.Length)
        {
            char c = line[pos];
            if (c is ' ' or '\r' or '\n')
            {
                pos++;
                continue;
            }
            if (c == '(')
            {
                stack.Push(current);
                current = [];
                pos++;
                continue;
            }
            if (c == ')' && stack.Count > 0)
            {
                var list = ImapArg.List(current);
                current = stack.Pop();
                current.Add(list);
                pos++;
                continue;
            }
            if (c == '"' && TryReadQuoted(line, ref pos, out string quoted))
            {
                current.Add(ImapArg.Quoted(quoted));
                continue;
            }
            if ((c == '{' || (c == '~' && pos + 1 < line.Length && line[pos + 1] == '{')) && TryReadLiteral(line, ref pos, out string literal))
            {
                current.Add(ImapArg.Literal(literal));
                continue;
            }
            current.Add(ImapArg.Atom(ReadAtom(line, ref pos, insideList: stack.Count > 0)));
        }
        while (stack.Count > 0)
        {
            var list = ImapArg.List(current);
            current = stack.Pop();
            current.Add(list);
        }
        return current;
    }

    private static string ReadAtom(string line, ref int pos, bool insideList)
    {
        int start = pos;
        while (pos < line.Length)
        {
            char c = line[pos];
            if (c is ' ' or '\r' or '\n' || (c == ')' && insideList && pos > start))
                break;
            pos++;
        }
        return line[start..pos];
    }

    private static bool TryReadQuoted(string line, ref int pos, out string text)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = pos + 1; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                sb.Append(line[++i]);
                continue;
            }
            if (c == '"')
            {
                pos = i + 1;
                text = sb.ToString();
                return true;
            }
            sb.Append(c);
        }
        text = "";
        return false;
    }

    private static bool TryReadLiteral(string line, ref int pos, out string text)
    {
        text = "";
        int i = line[pos] == '~' ? pos + 2 : pos + 1;
        int digitsStart = i;
        while (i < line.Length && char.IsAsciiDigit(line[i]))
            i++;
        if (i == digitsStart || i + 2 >= line.Length)
            return false;
        if (line[i] != '}' || line[i + 1] != '\r' || line[i + 2] != '\n')
            return false;
        if (!int.TryParse(line.AsSpan(digitsStart, i - digitsStart), out int size))
            return false;
        int dataStart = i + 3;
        if (dataStart + size > line.Length)
            return false;
        text = line.Substring(dataStart, size);
        pos = dataStart + size;
        return true;
    }
}
