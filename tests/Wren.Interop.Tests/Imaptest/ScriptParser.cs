using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Reads imaptest's script format (see README.md in this folder): a header of <c>key: value</c> lines, a blank line,
/// then commands (<c>[conn] ok|no|bad|"" command</c>, or <c>[conn] [tagN] command</c> answered later by
/// <c>[conn] [tagN] ok [prefix]</c>), each followed by expected untagged lines (<c>*</c>, <c>!</c>, <c>?</c>).
/// Lines ending in <c>{{{</c> (or <c>~{{{</c> for literal8) start a literal that ends at a line starting <c>}}}</c>.
/// </summary>
public static class ScriptParser
{
    /// <summary>Latin-1: every byte of a script or mbox is one char, so binary content survives unchanged.</summary>
    public static readonly Encoding Bytes = Encoding.Latin1;

    private static readonly ImapArg[] ReplyAny = [ImapArg.Atom("")];

    /// <summary>Loads the script at <paramref name="path"/>, with <c>path.mbox</c> or the folder's <c>default.mbox</c>.</summary>
    public static ImaptestScript Load(string path, Func<string, bool>? environmentHas = null)
    {
        string mbox = path + ".mbox";
        string defaultMbox = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", "default.mbox");
        string? mboxPath = File.Exists(mbox) ? mbox : File.Exists(defaultMbox) ? defaultMbox : null;
        return Parse(System.IO.Path.GetFileName(path), Bytes.GetString(File.ReadAllBytes(path)), mboxPath, environmentHas);
    }

    /// <summary>Parses script <paramref name="text"/> (Latin-1 decoded); <paramref name="environmentHas"/> serves <c>!ifenv</c>.</summary>
    public static ImaptestScript Parse(string name, string text, string? mboxPath = null, Func<string, bool>? environmentHas = null)
    {
        var state = new ParseState(new ImaptestScript(name, mboxPath), environmentHas ?? (v => Environment.GetEnvironmentVariable(v) is not null));
        foreach (var (line, lineNumber) in LogicalLines(name, text))
        {
            try
            {
                state.Line(line, lineNumber);
            }
            catch (FormatException e)
            {
                throw new ScriptParseException($"{name} line {lineNumber}: {e.Message}");
            }
        }
        return state.Finish();
    }

    /// <summary>Joins multi-line literals into single logical lines and drops blank-line and comment handling to the caller.</summary>
    private static IEnumerable<(string Line, int Number)> LogicalLines(string name, string text)
    {
        var physical = SplitLines(text);
        StringBuilder? multi = null;
        int start = 0, startLine = 0, lastLineEnd = 0;
        bool binary = false;
        for (int n = 0; n < physical.Count; n++)
        {
            var (line, crlf) = physical[n];
            if (multi is null)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    yield return (line, n + 1);
                    continue;
                }
                if (!line.EndsWith("{{{", StringComparison.Ordinal))
                {
                    yield return (line, n + 1);
                    continue;
                }
                multi = new StringBuilder();
                startLine = n + 1;
                binary = line.Length > 3 && line[^4] == '~';
                multi.Append(line, 0, line.Length - (binary ? 4 : 3));
                start = lastLineEnd = multi.Length;
                continue;
            }
            if (!line.StartsWith("}}}", StringComparison.Ordinal))
            {
                // A literal8 keeps the file's bytes: a CR stays in the line and lines join with LF.
                multi.Append(line);
                if (binary && crlf)
                    multi.Append('\r');
                lastLineEnd = multi.Length;
                multi.Append(binary ? "\n" : "\r\n");
                continue;
            }
            // The newline before }}} is not part of the literal.
            multi.Length = lastLineEnd;
            multi.Insert(start, (binary ? "~{" : "{") + (multi.Length - start) + "}\r\n");
            string rest = line[3..];
            if (rest.EndsWith("{{{", StringComparison.Ordinal))
            {
                binary = rest.Length > 3 && rest[^4] == '~';
                multi.Append(rest, 0, rest.Length - (binary ? 4 : 3));
                start = lastLineEnd = multi.Length;
                continue;
            }
            multi.Append(rest);
            yield return (multi.ToString(), startLine);
            multi = null;
        }
        if (multi is not null)
            throw new ScriptParseException($"{name}: multi-line literal at line {startLine} not ended");
    }

    private static List<(string Line, bool Crlf)> SplitLines(string text)
    {
        var lines = new List<(string, bool)>();
        int pos = 0;
        while (pos < text.Length)
        {
            int lf = text.IndexOf('\n', pos);
            if (lf < 0)
            {
                lines.Add((text[pos..], false));
                break;
            }
            bool crlf = lf > pos && text[lf - 1] == '\r';
            lines.Add((text[pos..(crlf ? lf - 1 : lf)], crlf));
            pos = lf + 1;
        }
        return lines;
    }

    private sealed class ParseState(ImaptestScript script, Func<string, bool> environmentHas)
    {
        private readonly Stack<(bool ParentSkip, bool ElseSeen)> _ifs = new();
        private bool _header = true;
        private bool _skip;
        private CommandGroup? _group;

        public void Line(string line, int number)
        {
            if (line.Length == 0 && !_header)
                return;
            if (line.Length == 0)
            {
                _header = false;
                return;
            }
            if (line[0] == '#')
                return;
            if (_header)
                Header(line);
            else
                Command(line, number);
        }

        public ImaptestScript Finish()
        {
            if (_ifs.Count > 0)
                throw new ScriptParseException($"{script.Name}: !ifenv not closed with !endif");
            if (_group is null)
                throw new ScriptParseException($"{script.Name}: no commands");
            if (_group.RepliesPending > 0)
                throw new ScriptParseException($"{script.Name}: missing reply for the command at line {_group.LineNumber}");
            bool hasLogout = script.Groups.Any(g => g.ExpectsBye || g.Commands.Any(c => c.Text.Equals("logout", StringComparison.OrdinalIgnoreCase)));
            if (!hasLogout)
            {
                var logout = new CommandGroup(0);
                logout.Commands.Add(new ScriptCommand(0, "logout", 0) { Reply = [ImapArg.Atom("ok")], HasReply = true });
                script.Groups.Add(logout);
            }
            return script;
        }

        private void Header(string line)
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
                throw new FormatException("Missing ':'");
            string key = line[..colon].TrimEnd(' ').ToLowerInvariant();
            string value = line[(colon + 1)..].TrimStart(' ');
            switch (key)
            {
                case "capabilities":
                    script.RequiredCapabilities = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "connections":
                    if (!int.TryParse(value, out int count) || count is <= 0 or > 100)
                        throw new FormatException("Bad connections count");
                    script.ConnectionCount = count;
                    break;
                case "ignore_extra_untagged":
                    script.IgnoreExtraUntagged = value.StartsWith('y');
                    break;
                case "messages":
                    script.MessageCount = value == "all" ? null : int.TryParse(value, out int m) ? m : throw new FormatException("Bad messages count");
                    break;
                case "state":
                    script.State = value.ToLowerInvariant() switch
                    {
                        "nonauth" => ScriptState.NonAuth,
                        "auth" => ScriptState.Auth,
                        "created" => ScriptState.Created,
                        "appended" => ScriptState.Appended,
                        "selected" => ScriptState.Selected,
                        _ => throw new FormatException("Unknown state value"),
                    };
                    break;
                default:
                    if (key.StartsWith("user ", StringComparison.Ordinal) && int.TryParse(key[5..], out int idx) && idx is > 0 and <= 100)
                    {
                        if (value is "$user2" or "${user2}")
                            script.RequiresUser2 = true;
                        script.ConnectionUsers[idx] = value;
                        break;
                    }
                    throw new FormatException("Unknown setting: " + key);
            }
        }

        private void Command(string line, int number)
        {
            if (Conditional(line))
                return;
            if (_skip)
                return;
            if (_group is not null)
            {
                if (line.StartsWith("!sleep ", StringComparison.Ordinal))
                {
                    _group.SleepMilliseconds = ParseInterval(line[7..]);
                    return;
                }
                if (line.StartsWith("!output ", StringComparison.Ordinal))
                {
                    _group.Output.Add(line[8..]);
                    return;
                }
                if (line == "!ordered")
                {
                    _group.Ordered = true;
                    return;
                }
                if (TryUntagged(line, out var existence))
                {
                    AddUntagged(_group, line[2..], existence, number);
                    return;
                }
                if (_group.RepliesPending > 0 && TryReply(line))
                    return;
            }
            if (_group is null || _group.RepliesPending == 0)
            {
                _group = new CommandGroup(0);
                script.Groups.Add(_group);
            }
            string rest = line;
            if (script.ConnectionCount > 1)
            {
                int space = line.IndexOf(' ');
                string first = space < 0 ? line : line[..space];
                if (!int.TryParse(first, out int conn) || conn <= 0)
                    throw new FormatException("Missing client index");
                if (conn > 100)
                    throw new FormatException("Too many connections");
                if (_group.Commands.Count > 0 && _group.ConnectionIndex != conn - 1)
                    throw new FormatException("All pipelined commands must use the same connection");
                _group.ConnectionIndex = conn - 1;
                script.ConnectionCount = Math.Max(script.ConnectionCount, conn);
                rest = space < 0 ? "" : line[(space + 1)..];
            }
            var reply = ReadReplyWord(ref rest, out int tag);
            if (tag == 0 && _group.RepliesPending > 0)
                throw new FormatException("Missing reply from previous command group");
            if (tag != 0 && _group.Commands.Any(c => c.Tag == tag))
                throw new FormatException("Tag reused within command group");
            if (_group.Commands.Count == 0 && script.Groups.Count == 1 && TryUntagged(rest, out var bannerExistence))
            {
                script.HasBannerCheck = true;
                AddUntagged(_group, rest[2..], bannerExistence, number);
                return;
            }
            var command = new ScriptCommand(tag, rest, number);
            if (reply is not null)
            {
                command.Reply = reply;
                command.HasReply = true;
            }
            else
                _group.RepliesPending++;
            _group.Commands.Add(command);
        }

        /// <summary><c>!ifenv</c>, <c>!ifnenv</c>, <c>!else</c>, <c>!endif</c>; true if the line was one.</summary>
        private bool Conditional(string line)
        {
            bool ifenv = line.StartsWith("!ifenv ", StringComparison.Ordinal);
            if (ifenv || line.StartsWith("!ifnenv ", StringComparison.Ordinal))
            {
                string variable = line[(ifenv ? 7 : 8)..];
                bool skipBlock = ifenv ? !environmentHas(variable) : environmentHas(variable);
                _ifs.Push((_skip, false));
                if (skipBlock)
                    _skip = true;
                return true;
            }
            if (line == "!else")
            {
                if (_ifs.Count == 0)
                    throw new FormatException("!else without !ifenv");
                var (parentSkip, elseSeen) = _ifs.Pop();
                if (elseSeen)
                    throw new FormatException("!else already seen");
                _ifs.Push((parentSkip, true));
                if (!parentSkip)
                    _skip = !_skip;
                return true;
            }
            if (line == "!endif")
            {
                if (_ifs.Count == 0)
                    throw new FormatException("!endif without !ifenv");
                _skip = _ifs.Pop().ParentSkip;
                return true;
            }
            return false;
        }

        /// <summary>A tagged reply line for a pending command of the current group (<c>[conn] [tagN] ok …</c>).</summary>
        private bool TryReply(string line)
        {
            var group = _group!;
            string rest = line;
            int conn = 0;
            if (script.ConnectionCount > 1)
            {
                int space = line.IndexOf(' ');
                if (int.TryParse(space < 0 ? line : line[..space], out conn) && conn > 0)
                    rest = space < 0 ? "" : line[(space + 1)..];
                else
                    conn = 0;
            }
            string probe = rest;
            if (ReadReplyWord(ref probe, out int tag) is null)
                return false;
            if (script.ConnectionCount > 1)
            {
                if (conn == 0)
                    throw new FormatException("Missing client index");
                if (conn - 1 != group.ConnectionIndex)
                    throw new FormatException("Reply for wrong connection");
            }
            var command = group.Commands.FirstOrDefault(c => c.Tag == tag) ?? throw new FormatException("Reply for unknown tag");
            if (command.HasReply)
                throw new FormatException("Command already has a reply");
            var args = ImapArgParser.Parse(rest);
            command.Reply = tag == 0 ? args : args.Skip(1).ToArray();
            command.HasReply = true;
            group.RepliesPending--;
            return true;
        }

        private static void AddUntagged(CommandGroup group, string text, Existence existence, int number)
        {
            var args = ExpectationDefaults.Apply(ImapArgParser.Parse(text));
            string name = args.Count > 0 ? args[0].Text : "";
            if (name.Length > 0 && (name[0] == '$' || char.IsAsciiDigit(name[0])))
                name = args.Count > 1 ? args[1].Text : "";
            if (name.StartsWith("BYE", StringComparison.OrdinalIgnoreCase))
            {
                if (existence == Existence.MayExist)
                    throw new FormatException("? BYE not currently supported");
                if (existence == Existence.MustExist)
                    group.ExpectsBye = true;
            }
            group.Untagged.Add(new UntaggedExpectation(existence, args, number));
        }

        private static bool TryUntagged(string line, out Existence existence)
        {
            existence = Existence.MustExist;
            if (line.Length < 2 || line[1] != ' ')
                return false;
            switch (line[0])
            {
                case '*': existence = Existence.MustExist; return true;
                case '!': existence = Existence.MustNotExist; return true;
                case '?': existence = Existence.MayExist; return true;
                default: return false;
            }
        }

        /// <summary>
        /// Reads an optional <c>tagN</c> and a reply word (<c>ok</c>, <c>no</c>, <c>bad</c>, <c>""</c>) off the front of
        /// <paramref name="line"/>; returns the expected reply or null when there is no reply word (the tag is still read).
        /// </summary>
        private static IReadOnlyList<ImapArg>? ReadReplyWord(ref string line, out int tag)
        {
            tag = 0;
            string word = FirstWord(line);
            if (word.StartsWith("tag", StringComparison.OrdinalIgnoreCase) && int.TryParse(word.AsSpan(3), out int n) && n > 0 && line.Contains(' '))
            {
                tag = n;
                line = line[(line.IndexOf(' ') + 1)..];
                word = FirstWord(line);
            }
            IReadOnlyList<ImapArg>? reply = word.ToLowerInvariant() switch
            {
                "ok" or "no" or "bad" => [ImapArg.Atom(word.ToLowerInvariant())],
                "\"\"" => ReplyAny,
                _ => null,
            };
            if (reply is not null)
                line = line.Length > word.Length ? line[(word.Length + 1)..] : "";
            return reply;
        }

        private static string FirstWord(string line)
        {
            int space = line.IndexOf(' ');
            return space < 0 ? line : line[..space];
        }

        private static int ParseInterval(string text)
        {
            text = text.Trim();
            int digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
                digits++;
            if (digits == 0 || !int.TryParse(text.AsSpan(0, digits), out int value))
                throw new FormatException("Invalid !sleep value " + text);
            string unit = text[digits..].Trim().ToLowerInvariant();
            return unit switch
            {
                "ms" or "msec" or "msecs" or "milliseconds" => value,
                "" or "s" or "sec" or "secs" or "seconds" => value * 1000,
                "m" or "min" or "mins" or "minutes" => value * 60_000,
                _ => throw new FormatException("Invalid !sleep unit " + unit),
            };
        }
    }
}
