using System.Globalization;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// One run of one script: opens its connections, brings them to the script's <c>state:</c> as imaptest does, then
/// runs its command groups, throwing <see cref="ScriptFailedException"/> at the first mismatch.
/// </summary>
internal sealed class ScriptExecution(ImaptestScript script, ImaptestOptions options, IReadOnlySet<string> capabilities, TranscriptRecorder? transcript) : IAsyncDisposable
{
    private readonly ScriptVariables _variables = new();
    private readonly List<ImapConnection> _connections = [];
    private readonly MboxSource? _mbox = script.MboxPath is null ? null : MboxSource.Load(script.MboxPath);
    private readonly bool _literalPlus = capabilities.Contains("LITERAL+");
    private int _groupIndex;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SetupAsync(cancellationToken);
        for (; _groupIndex < script.Groups.Count; _groupIndex++)
        {
            var group = script.Groups[_groupIndex];
            if (group.Commands.Count == 0)
                continue; // the banner check ran at setup
            await RunGroupAsync(group, cancellationToken);
        }
    }

    private async Task SetupAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < script.ConnectionCount; i++)
        {
            var connection = await ImapConnection.OpenAsync(options, i + 1, transcript, cancellationToken);
            _connections.Add(connection);
            string user = UserOf(i);
            string password = user == options.User2 ? options.Password2 ?? options.Password : options.Password;
            int at = user.IndexOf('@');
            string suffix = i == 0 ? "" : (i + 1).ToString(CultureInfo.InvariantCulture);
            _variables.Set("user" + suffix, user);
            _variables.Set("username" + suffix, at < 0 ? user : user[..at]);
            _variables.Set("domain" + suffix, at < 0 ? options.Host : user[(at + 1)..]);
            _variables.Set("password" + suffix, password);
        }
        _variables.Set("mailbox", options.Mailbox);
        _variables.Set("mailbox_url", Uri.EscapeDataString(options.Mailbox).Replace("%2F", "/", StringComparison.Ordinal));
        if (script.HasBannerCheck)
            CheckBanner();
        if (script.State == ScriptState.NonAuth)
            return;

        for (int i = 0; i < _connections.Count; i++)
        {
            var connection = _connections[i];
            if (connection.Greeting!.Args.Count > 0 && connection.Greeting.Args[0].Text.Equals("PREAUTH", StringComparison.OrdinalIgnoreCase))
                continue;
            string user = UserOf(i);
            string password = _variables[i == 0 ? "password" : "password" + (i + 1).ToString(CultureInfo.InvariantCulture)]!;
            await SetupCommandAsync(connection, "LOGIN " + CommandBuilder.Quote(user) + " " + CommandBuilder.Quote(password), "LOGIN", cancellationToken);
        }

        var first = _connections[0];
        string mask = CommandBuilder.Quote(options.Mailbox + "*");
        var listed = await ListNamesAsync(first, "LIST \"\" " + mask, "LIST", cancellationToken);
        var subscribed = await ListNamesAsync(first, "LSUB \"\" " + mask, "LSUB", cancellationToken);
        // Children before parents: reverse order, as imaptest; a failed DELETE (\Noselect parent) is ignored.
        foreach (string name in listed.OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase))
            await SetupCommandAsync(first, "DELETE " + CommandBuilder.Quote(name), null, cancellationToken);
        foreach (string name in subscribed.OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase))
            await SetupCommandAsync(first, "UNSUBSCRIBE " + CommandBuilder.Quote(name), null, cancellationToken);
        if (script.State == ScriptState.Auth)
            return;

        if (!options.Mailbox.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
            await SetupCommandAsync(first, "CREATE " + CommandBuilder.Quote(options.Mailbox), "CREATE", cancellationToken);
        if (script.State == ScriptState.Created)
            return;

        if (_mbox is not null)
        {
            for (int n = 0; script.MessageCount is null ? !_mbox.AtEnd : n < script.MessageCount; n++)
            {
                var message = _mbox.Next();
                string tag = first.NextTag();
                List<CommandPart> parts = [new($"APPEND {CommandBuilder.Quote(options.Mailbox)} \"{message.ImapDate}\" ", message.Content), new("")];
                ImapResponse? reply = null;
                await SendPartsAsync(first, tag, parts, r => { if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag) reply = r; }, () => reply is not null, cancellationToken);
                while (reply is null)
                {
                    var r = await ReadAsync(first, cancellationToken) ?? throw SetupFailure("APPEND", "the server closed the connection");
                    if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag)
                        reply = r;
                }
                if (ImapConnection.Status(reply) != "OK")
                    throw SetupFailure("APPEND", reply.ToString());
            }
        }
        if (script.State == ScriptState.Appended)
            return;

        foreach (var connection in _connections)
            await SetupCommandAsync(connection, "SELECT " + CommandBuilder.Quote(options.Mailbox), "SELECT", cancellationToken);
    }

    private string UserOf(int index)
    {
        if (!script.ConnectionUsers.TryGetValue(index + 1, out string? user))
            return options.User;
        return user is "$user2" or "${user2}" ? options.User2 ?? options.User : user;
    }

    private void CheckBanner()
    {
        var group = script.Groups[0];
        var matcher = new GroupMatcher(group, new ReplyMatcher(_variables), script.IgnoreExtraUntagged);
        string? banned = matcher.Untagged(_connections[0].Greeting!.Args, null);
        var problem = banned is not null ? (banned, "", _connections[0].Greeting!.ToString()) : matcher.Finish(ExpandForMessage);
        if (problem is { } p)
            throw new ScriptFailedException(new ScriptFailure(group.LineNumber, "(greeting)", p.Item1, p.Item2, p.Item3));
    }

    /// <summary>A setup command; <paramref name="mustSucceed"/> names it when anything but OK fails the script (null: NO is fine).</summary>
    private async Task<List<ImapResponse>> SetupCommandAsync(ImapConnection connection, string command, string? mustSucceed, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        (ImapResponse tagged, List<ImapResponse> untagged) = await connection.CommandAsync(command, timeout.Token);
        string status = ImapConnection.Status(tagged);
        if (status == "BAD" || (status != "OK" && mustSucceed is not null))
            throw SetupFailure(command, tagged.ToString());
        return untagged;
    }

    private async Task<List<string>> ListNamesAsync(ImapConnection connection, string command, string reply, CancellationToken cancellationToken)
    {
        var untagged = await SetupCommandAsync(connection, command, command, cancellationToken);
        return untagged
            .Where(r => r.Args.Count >= 4 && r.Args[0].Text.Equals(reply, StringComparison.OrdinalIgnoreCase) && r.Args[3].IsText)
            .Select(r => r.Args[3].Text)
            .ToList();
    }

    private static ScriptFailedException SetupFailure(string command, string got) =>
        new(new ScriptFailure(0, command, "Test initialization failed", "OK", got));

    private async Task RunGroupAsync(CommandGroup group, CancellationToken cancellationToken)
    {
        var connection = _connections[group.ConnectionIndex];
        string described = "";
        if (connection.Closed)
            throw Fail(group, described, $"Connection {connection.Number} is already closed", "", "");
        _variables.ResetSequences(connection.MessageCount);
        var matcher = new ReplyMatcher(_variables);
        var untagged = new GroupMatcher(group, matcher, script.IgnoreExtraUntagged);
        var pending = new Dictionary<string, ScriptCommand>(StringComparer.Ordinal);
        string? firstTag = null;
        (string Reason, string Expected, string Got)? tagFailure = null;

        void Handle(ImapResponse response)
        {
            switch (response.Kind)
            {
                case ImapResponseKind.Untagged:
                    string? banned = untagged.Untagged(response.Args, firstTag);
                    if (banned is not null)
                        throw Fail(group, described, banned, "", response.ToString());
                    if (response.Args.Count >= 2 && response.Args[1].Text.Equals("EXPUNGE", StringComparison.OrdinalIgnoreCase) &&
                        uint.TryParse(response.Args[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint seq))
                        _variables.Expunged(seq);
                    break;
                case ImapResponseKind.Tagged when pending.Remove(response.Tag, out var command):
                    _variables.Set("tag", response.Tag);
                    int score = matcher.Match(command.Reply, response.Args, prefix: true);
                    _variables.Remove("tag");
                    if (score != ReplyMatcher.Full)
                        tagFailure ??= ("Expected tagged reply '" + ImapArg.Format(command.Reply) + "', got '" + ImapArg.Format(response.Args) + "'",
                            response.Tag + " " + ImapArg.Format(command.Reply), response.ToString());
                    break;
            }
        }

        var sentParts = new List<string>();
        foreach (var command in group.Commands)
        {
            List<CommandPart> parts;
            try
            {
                parts = CommandBuilder.Build(command, _variables, options.Mailbox, NextMessage);
            }
            catch (KeyNotFoundException e)
            {
                throw Fail(group, command.Text, e.Message, "", "");
            }
            string tag = connection.NextTag();
            firstTag ??= tag;
            sentParts.Add(tag + " " + CommandBuilder.Describe(parts));
            described = string.Join(" / ", sentParts);
            pending[tag] = command;
            if (parts[0].Text.Trim().Equals("logout", StringComparison.OrdinalIgnoreCase) || group.ExpectsBye || command.LineNumber == 0)
                untagged.LoggingOut = true;
            if (parts[0].Text.StartsWith("SELECT ", StringComparison.OrdinalIgnoreCase) || parts[0].Text.StartsWith("EXAMINE ", StringComparison.OrdinalIgnoreCase))
                connection.MessageCount = 0;
            await SendPartsAsync(connection, tag, parts, Handle, () => !pending.ContainsKey(tag), cancellationToken);
        }

        while (pending.Count > 0)
        {
            var response = await ReadAsync(connection, cancellationToken);
            if (response is null)
            {
                if (!(group.ExpectsBye && connection.SawBye))
                    throw Fail(group, described, "Unexpected disconnection", string.Join(", ", pending.Values.Select(c => ImapArg.Format(c.Reply))), "(connection closed)");
                foreach (var command in pending.Values)
                {
                    if (!(command.Reply.Count == 1 && command.Reply[0].Text.Length == 0))
                        throw Fail(group, described, "Command expected '" + ImapArg.Format(command.Reply) + "' as tagged reply - only \"\" allowed when BYE happens", ImapArg.Format(command.Reply), "(connection closed)");
                }
                pending.Clear();
                break;
            }
            Handle(response);
        }
        if (tagFailure is { } t)
            throw Fail(group, described, t.Reason, t.Expected, t.Got);
        if (untagged.Finish(ExpandForMessage) is { } problem)
            throw Fail(group, described, problem.Reason, problem.Expected, problem.Got);
        if (group.Commands.Any(c => c.Text.Equals("close", StringComparison.OrdinalIgnoreCase) || c.Text.Equals("unselect", StringComparison.OrdinalIgnoreCase)))
            connection.MessageCount = 0;
        foreach (string line in group.Output)
            Console.WriteLine(ExpandForMessage(line));
        if (group.SleepMilliseconds > 0)
            await Task.Delay(group.SleepMilliseconds, cancellationToken);
    }

    private MboxMessage NextMessage() =>
        _mbox?.Next() ?? throw new KeyNotFoundException("The script APPENDs a message but there is no mbox for it");

    /// <summary>
    /// Sends the parts of one command: literals non-synchronizing with LITERAL+, otherwise waiting for the server's
    /// "+" (handing every other response to <paramref name="handle"/>; the command may end early with a tagged reply).
    /// </summary>
    private async Task SendPartsAsync(ImapConnection connection, string tag, List<CommandPart> parts, Action<ImapResponse> handle, Func<bool> finished, CancellationToken cancellationToken)
    {
        string firstLine = tag + " " + CommandBuilder.Describe(parts);
        var buffer = new System.Text.StringBuilder(tag).Append(' ');
        foreach (var part in parts)
        {
            buffer.Append(part.Text);
            if (part.Literal is null)
                continue;
            string prefix = part.Binary ? "~{" : "{";
            if (_literalPlus)
            {
                buffer.Append(prefix).Append(part.Literal.Length).Append("+}\r\n").Append(part.Literal);
                continue;
            }
            buffer.Append(prefix).Append(part.Literal.Length).Append("}\r\n");
            await connection.SendAsync(buffer.ToString(), firstLine, cancellationToken);
            firstLine = "";
            buffer.Clear();
            while (true)
            {
                var response = await ReadAsync(connection, cancellationToken)
                    ?? throw new ScriptFailedException(new ScriptFailure(0, CommandBuilder.Describe(parts), "Connection closed while waiting for a literal continuation", "+", ""));
                if (response.Kind == ImapResponseKind.Continuation)
                    break;
                handle(response);
                if (finished())
                    return; // the server refused the command before its literal
            }
            buffer.Append(part.Literal);
        }
        buffer.Append("\r\n");
        await connection.SendAsync(buffer.ToString(), firstLine, cancellationToken);
    }

    private async Task<ImapResponse?> ReadAsync(ImapConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        try
        {
            return await connection.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var group = _groupIndex < script.Groups.Count ? script.Groups[_groupIndex] : null;
            throw new ScriptFailedException(new ScriptFailure(group?.LineNumber ?? 0, group?.Commands.FirstOrDefault()?.Text ?? "(setup)",
                $"No reply within {options.ResponseTimeout.TotalSeconds:0} s", "a reply", "(nothing)"));
        }
    }

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.ResponseTimeout);
        return cts;
    }

    /// <summary>A pattern with the variables known so far filled in (unknown ones left as is), for messages.</summary>
    private string ExpandForMessage(string pattern)
    {
        var sb = new System.Text.StringBuilder();
        int i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] != '$' || i + 1 >= pattern.Length || pattern[i + 1] == '!' || pattern[i + 1] == '$')
            {
                sb.Append(pattern[i++]);
                continue;
            }
            int start = i++;
            string name;
            if (pattern[i] == '{')
            {
                int close = pattern.IndexOf('}', i);
                name = close < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..close];
                i = close < 0 ? pattern.Length : close + 1;
            }
            else
            {
                int s = i;
                while (i < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[i]) || pattern[i] == '_'))
                    i++;
                name = pattern[s..i];
            }
            string? value = uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint seq) ? _variables.RelativeSequence(seq) : _variables[name];
            sb.Append(value ?? pattern[start..i]);
        }
        return sb.ToString();
    }

    private static ScriptFailedException Fail(CommandGroup group, string command, string reason, string expected, string got) =>
        new(new ScriptFailure(group.LineNumber, command, reason, expected, got));

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
    }
}
