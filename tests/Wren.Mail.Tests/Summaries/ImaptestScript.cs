using System.Text;

namespace Wren.Mail.Tests.Summaries;

/// <summary>
/// Reads an imaptest script (github.com/dovecot/imaptest, docs/scripted_test.md): header lines, then commands
/// each followed by the untagged replies expected ("* …") or forbidden ("! …"). Multi-line literals written
/// <c>{{{ … }}}</c> (or <c>~{{{ … }}}</c> for literal8) become IMAP literals, as imaptest's parser makes them.
/// </summary>
internal sealed class ImaptestScript
{
    public sealed record Expectation(bool MustExist, string Reply);

    public sealed record Command(string Text, List<Expectation> Expectations);

    public Dictionary<string, string> Header { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<Command> Commands { get; } = [];

    public static ImaptestScript Load(string path)
    {
        var script = new ImaptestScript();
        string[] lines = Encoding.Latin1.GetString(File.ReadAllBytes(path)).Split('\n');
        bool header = true;
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            if (n == lines.Length - 1 && line.Length == 0)
                break;
            if (line.EndsWith("{{{", StringComparison.Ordinal))
                line = JoinMultiline(lines, ref n);
            if (header)
            {
                if (line.Length == 0)
                {
                    header = false;
                    continue;
                }
                int colon = line.IndexOf(':');
                script.Header[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("* ", StringComparison.Ordinal) || line.StartsWith("! ", StringComparison.Ordinal))
            {
                script.Commands[^1].Expectations.Add(new Expectation(line[0] == '*', line[2..]));
                continue;
            }
            script.Commands.Add(new Command(line, []));
        }
        return script;
    }

    // imaptest test-parser.c: the lines up to "}}}" joined by CRLF (by LF in a ~{{{ literal, whose lines keep
    // any CR of their own), the last line end dropped, turned into "{n}\r\n" + content.
    private static string JoinMultiline(string[] lines, ref int n)
    {
        var result = new StringBuilder();
        string line = lines[n];
        while (true)
        {
            bool binary = line.EndsWith("~{{{", StringComparison.Ordinal);
            result.Append(line.AsSpan(0, line.Length - (binary ? 4 : 3)));
            var content = new StringBuilder();
            int lastLineEnd = 0;
            while (!lines[++n].StartsWith("}}}", StringComparison.Ordinal))
            {
                content.Append(lines[n]);
                lastLineEnd = content.Length;
                content.Append(binary ? "\n" : "\r\n");
            }
            content.Length = lastLineEnd;
            result.Append(binary ? "~{" : "{").Append(content.Length).Append("}\r\n").Append(content);
            line = lines[n][3..];
            if (!line.EndsWith("{{{", StringComparison.Ordinal))
            {
                result.Append(line);
                return result.ToString();
            }
        }
    }
}
