using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Wren.Mail.Addresses;
using Wren.Net.Sasl;
using Wren.Store.Accounts;
using Wren.Store.Sqlite;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// A real <c>wren serve</c> process on ephemeral loopback ports with its own temp data folder. Startup waits
/// for the "ready" line the server prints (no sleeps); ports are read from its "listening" lines.
/// </summary>
public sealed partial class WrenServerProcess : IAsyncDisposable
{
    public const string Hostname = "mx.wren.test";
    public const string Domain = "example.test";
    public const string Password = "correct horse battery staple";

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsData;
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private WrenServerProcess(string dataDirectory, bool ownsData, IReadOnlyDictionary<string, string> settings, IEnumerable<string> arguments)
    {
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wren.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(dataDirectory);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["WREN__HOSTNAME"] = Hostname;
        start.Environment["WREN__LISTENERS__SMTP__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__SUBMISSION__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__SUBMISSIONS__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__POP3__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__POP3S__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__IMAP__0"] = "127.0.0.1:0";
        start.Environment["WREN__LISTENERS__IMAPS__0"] = "127.0.0.1:0";
        // Never the machine's resolver: a port where nothing answers, so outbound mail is simply deferred.
        // Tests of delivery point this at a TestDnsServer.
        start.Environment["WREN__DNS__SERVERS__0"] = "127.0.0.1:1";
        start.Environment["WREN__DNS__TIMEOUT"] = "00:00:01";
        if (!settings.ContainsKey("WREN__DNS__SERVERS__0"))
        {
            // With no DNS server answering, every SPF and DMARC check would wait out its timeouts; tests of mail
            // authentication give the server a test DNS server (and so keep the default, checks on).
            start.Environment["WREN__MAILAUTH__VERIFY"] = "false";
        }
        foreach (var (key, value) in settings)
        {
            // An empty value removes the variable, so wren.json or the defaults decide.
            if (value.Length == 0)
                start.Environment.Remove(key);
            else
                start.Environment[key] = value;
        }
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException("wren exited early:\n" + Output));
    }

    public string DataDirectory { get; }

    public Dictionary<string, IPEndPoint> Listeners { get; } = [];

    public IPEndPoint Smtp => Listeners["smtp"];
    public IPEndPoint Submission => Listeners["submission"];
    public IPEndPoint Submissions => Listeners["submissions"];
    public IPEndPoint Pop3 => Listeners["pop3"];
    public IPEndPoint Pop3s => Listeners["pop3s"];
    public IPEndPoint Imap => Listeners["imap"];
    public IPEndPoint Imaps => Listeners["imaps"];

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    /// <summary>Starts a server on a new temp data folder (or <paramref name="dataDirectory"/>, kept afterwards).</summary>
    public static async Task<WrenServerProcess> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null,
        IEnumerable<string>? arguments = null)
    {
        bool owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("wren-test-").FullName;
        var server = new WrenServerProcess(dataDirectory, owns, settings ?? new Dictionary<string, string>(), arguments ?? []);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
        Match m = ListeningLine().Match(line);
        if (m.Success)
            lock (Listeners)
                Listeners[m.Groups[1].Value] = IPEndPoint.Parse(m.Groups[2].Value);
        if (line.Contains("wren: ready"))
            _ready.TrySetResult();
    }

    /// <summary>
    /// Waits for a line of the server's log that <paramref name="match"/> accepts (one printed already counts),
    /// and returns it. Log lines mark events (a delivery recorded, a notice sent), so tests wait on them rather
    /// than sleeping; the timeout only bounds a test that would otherwise hang.
    /// </summary>
    public Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.FirstOrDefault(match) is { } already)
                return Task.FromResult(already);
            _waiters.Add((match, seen));
        }
        return WaitAsync();

        async Task<string> WaitAsync()
        {
            try
            {
                return await seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("the expected log line did not appear; the server said:\n" + Output);
            }
        }
    }

    /// <summary>Creates the test domain and users (by opening the same data folder, as the CLI does).</summary>
    public Task AddUsersAsync(params string[] addresses) => SeedUsersAsync(DataDirectory, addresses);

    /// <summary>The same on a data folder, before a server is started on it.</summary>
    public static async Task SeedUsersAsync(string dataDirectory, params string[] addresses)
    {
        await using SqliteStore store = await SqliteStore.OpenAsync(dataDirectory);
        foreach (string address in addresses)
        {
            var parsed = EmailAddress.Parse(address);
            await store.Accounts.AddDomainAsync(parsed.Domain);
            ScramKeys keys = ScramKeyDerivation.Derive(Password, 4096);
            await store.Accounts.AddUserAsync(parsed, new UserCredential(keys.Salt, keys.Iterations, keys.StoredKey, keys.ServerKey));
        }
    }

    /// <summary>Files messages straight into a user's INBOX through the store (as local delivery does); oldest first.</summary>
    public async Task DeliverAsync(string address, params byte[][] messages)
    {
        await using SqliteStore store = await SqliteStore.OpenAsync(DataDirectory);
        UserAccount user = await store.Accounts.FindUserAsync(address) ?? throw new InvalidOperationException($"no user {address}");
        foreach (byte[] content in messages)
        {
            await using var spool = store.Mail.CreateSpool();
            await spool.Content.WriteAsync(content);
            await store.Mail.CommitAsync(new Wren.Store.Messages.AcceptedMessage(spool, [new Wren.Store.Messages.MailboxDelivery(user.Id)],
                null, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>A new user with a unique address in the test domain (so tests never share a maildrop).</summary>
    public async Task<string> NewUserAsync(string prefix = "pop", string domain = Domain)
    {
        string address = $"{prefix}-{Guid.NewGuid():N}"[..20] + "@" + domain;
        await AddUsersAsync(address);
        return address;
    }

    /// <summary>Opens the data folder's store (while the server runs, as the CLI would).</summary>
    public Task<SqliteStore> OpenStoreAsync() => SqliteStore.OpenAsync(DataDirectory);

    /// <summary>Every message in a user's mailboxes with its stored bytes, oldest first.</summary>
    public async Task<IReadOnlyList<(Wren.Store.Messages.StoredMessageInfo Info, byte[] Bytes)>> ReadMailAsync(string address)
    {
        await using SqliteStore store = await SqliteStore.OpenAsync(DataDirectory);
        UserAccount user = await store.Accounts.FindUserAsync(address) ?? throw new InvalidOperationException($"no user {address}");
        var result = new List<(Wren.Store.Messages.StoredMessageInfo, byte[])>();
        foreach (var info in (await store.Mail.ListMessagesAsync(user.Id)).Reverse())
        {
            await using Stream stream = (await store.Mail.OpenMessageAsync(user.Id, info.Id))!;
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            result.Add((info, copy.ToArray()));
        }
        return result;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_ownsData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    [GeneratedRegex(@"wren: listening (\S+) (\S+)")]
    private static partial Regex ListeningLine();
}
