using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>One piece of a command to send: text, then optionally a literal.</summary>
/// <param name="Text">Text sent as is (the tag is not included).</param>
/// <param name="Literal">Literal content after the text, or null.</param>
/// <param name="Binary">The literal is a literal8 (<c>~{n}</c>).</param>
public sealed record CommandPart(string Text, string? Literal = null, bool Binary = false);

/// <summary>
/// Turns a script command into what is sent: variables expanded outside literals (<c>$$</c> is a '$'), and a bare
/// <c>append</c> (or <c>append</c> with a mailbox, flags and date but no message) completed with the mbox's next
/// message, as imaptest does: <c>APPEND "box" "date" {n}</c> for a bare one, no date added otherwise.
/// </summary>
public static partial class CommandBuilder
{
    /// <summary>Builds the parts of <paramref name="command"/>; <paramref name="nextMessage"/> supplies APPEND bodies.</summary>
    public static List<CommandPart> Build(ScriptCommand command, ScriptVariables variables, string mailbox, Func<MboxMessage> nextMessage)
    {
        var parts = Split(command.Text).Select(p => p with { Text = Expand(p.Text, variables) }).ToList();
        if (parts.Count == 1)
        {
            string text = parts[0].Text;
            if (text.Equals("append", StringComparison.OrdinalIgnoreCase))
            {
                var message = nextMessage();
                return [new CommandPart($"APPEND {Quote(mailbox)} \"{message.ImapDate}\" ", message.Content), new CommandPart("")];
            }
            if (text.StartsWith("append ", StringComparison.OrdinalIgnoreCase) && !AppendHasBody(text[7..]))
                return [new CommandPart(text + " ", nextMessage().Content), new CommandPart("")];
        }
        return parts;
    }

    /// <summary>The command with literals shortened, for messages.</summary>
    public static string Describe(IEnumerable<CommandPart> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            sb.Append(p.Text);
            if (p.Literal is not null)
                sb.Append(p.Binary ? "~{" : "{").Append(p.Literal.Length).Append('}');
        }
        return sb.ToString();
    }

    /// <summary>An IMAP quoted string.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Splits a script command at its embedded <c>{n}\r\n</c> literals.</summary>
    public static List<CommandPart> Split(string text)
    {
        var parts = new List<CommandPart>();
        int pos = 0;
        while (true)
        {
            var m = LiteralStart().Match(text, pos);
            if (!m.Success)
            {
                parts.Add(new CommandPart(text[pos..]));
                return parts;
            }
            int size = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            int dataStart = m.Index + m.Length;
            parts.Add(new CommandPart(text[pos..m.Index], text.Substring(dataStart, size), m.Groups[1].Length > 0));
            pos = dataStart + size;
        }
    }

    /// <summary>Expands a command's <c>$variables</c>; an unbound one fails the script.</summary>
    public static string Expand(string text, ScriptVariables variables)
    {
        if (!text.Contains('$'))
            return text;
        var sb = new StringBuilder(text.Length + 32);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '$' || i + 1 == text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            if (text[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (text[i] == '!')
            {
                while (i < text.Length && text[i] != ' ')
                    i++;
                continue;
            }
            string name;
            if (text[i] == '{')
            {
                int close = text.IndexOf('}', i);
                if (close < 0)
                    throw new FormatException("Missing '}'");
                name = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                name = text[start..i];
            }
            string? value = uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint seq)
                ? variables.RelativeSequence(seq)
                : variables[name];
            sb.Append(value ?? throw new KeyNotFoundException("Uninitialized variable: " + name));
        }
        return sb.ToString();
    }

    /// <summary>APPEND arguments <c>mailbox [(flags)] ["date"]</c> followed by a literal or CATENATE carry their own message.</summary>
    private static bool AppendHasBody(string args)
    {
        var a = ImapArgParser.Parse(args);
        int i = 1;
        if (i < a.Count && a[i].Kind == ImapArgKind.List)
            i++;
        if (i < a.Count && a[i].Kind == ImapArgKind.String)
            i++;
        return i < a.Count && (a[i].Kind == ImapArgKind.Literal || (a[i].Kind == ImapArgKind.Atom && a[i].Text.Equals("catenate", StringComparison.OrdinalIgnoreCase)));
    }

    [GeneratedRegex(@"(~?)\{(\d+)\}\r\n")]
    private static partial Regex LiteralStart();
}
