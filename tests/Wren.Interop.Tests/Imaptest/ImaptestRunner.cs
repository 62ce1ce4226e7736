namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Runs imaptest scripts against an IMAP server. A script whose <c>capabilities:</c> the server does not all
/// advertise is skipped without connecting; the others log in, set up their <c>state:</c> (deleting the test
/// mailboxes first: use a throwaway user) and run to the first mismatch.
/// </summary>
/// <example>
/// <code>
/// var runner = new ImaptestRunner(new ImaptestOptions { Host = "127.0.0.1", Port = 10143, User = "testuser", Password = "pass" });
/// foreach (var result in await runner.RunAllAsync(ImaptestSuite.DefaultFolder))
///     Console.WriteLine(result);
/// </code>
/// </example>
public sealed class ImaptestRunner(ImaptestOptions options)
{
    private IReadOnlySet<string>? _capabilities = options.Capabilities is null ? null : new HashSet<string>(options.Capabilities, StringComparer.OrdinalIgnoreCase);

    /// <summary>The connection settings.</summary>
    public ImaptestOptions Options { get; } = options;

    /// <summary>
    /// The server's capabilities after login: <see cref="ImaptestOptions.Capabilities"/>, or asked of the server once.
    /// </summary>
    public async Task<IReadOnlySet<string>> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        if (_capabilities is not null)
            return _capabilities;
        await using var connection = await ImapConnection.OpenAsync(Options, 1, null, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ResponseTimeout);
        var (login, _) = await connection.CommandAsync($"LOGIN {CommandBuilder.Quote(Options.User)} {CommandBuilder.Quote(Options.Password)}", timeout.Token);
        if (ImapConnection.Status(login) != "OK")
            throw new InvalidOperationException("LOGIN failed: " + login);
        var (capability, _) = await connection.CommandAsync("CAPABILITY", timeout.Token);
        if (ImapConnection.Status(capability) != "OK")
            throw new InvalidOperationException("CAPABILITY failed: " + capability);
        var caps = connection.Capabilities;
        await connection.CommandAsync("LOGOUT", timeout.Token);
        return _capabilities = caps;
    }

    /// <summary>Why <paramref name="script"/> cannot run here (its first missing capability), or null if it can.</summary>
    public static string? SkipReason(ImaptestScript script, IReadOnlySet<string> capabilities, bool haveUser2)
    {
        foreach (string required in script.RequiredCapabilities)
        {
            if (!capabilities.Contains(required))
                return "missing capability " + required;
        }
        return script.RequiresUser2 && !haveUser2 ? "needs a second user ($user2)" : null;
    }

    /// <summary>Runs one script; <paramref name="transcript"/>, when given, records what the server sent.</summary>
    public async Task<ScriptResult> RunAsync(ImaptestScript script, TranscriptRecorder? transcript = null, CancellationToken cancellationToken = default)
    {
        var capabilities = await GetCapabilitiesAsync(cancellationToken);
        if (SkipReason(script, capabilities, Options.User2 is not null) is { } reason)
            return new ScriptResult(script.Name, ScriptOutcome.Skipped, SkipReason: reason);
        await using var execution = new ScriptExecution(script, Options, capabilities, transcript);
        try
        {
            await execution.RunAsync(cancellationToken);
            return new ScriptResult(script.Name, ScriptOutcome.Passed);
        }
        catch (ScriptFailedException e)
        {
            return new ScriptResult(script.Name, ScriptOutcome.Failed, e.Failure);
        }
        catch (IOException e)
        {
            return new ScriptResult(script.Name, ScriptOutcome.Failed, new ScriptFailure(0, "", "I/O error: " + e.Message, "", ""));
        }
    }

    /// <summary>Runs every script of <paramref name="folder"/> in name order.</summary>
    public async Task<IReadOnlyList<ScriptResult>> RunAllAsync(string folder, CancellationToken cancellationToken = default)
    {
        var results = new List<ScriptResult>();
        foreach (string name in ImaptestSuite.ScriptNames(folder))
            results.Add(await RunAsync(ImaptestSuite.Load(name, folder), cancellationToken: cancellationToken));
        return results;
    }
}
