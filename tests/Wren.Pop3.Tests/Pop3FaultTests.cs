using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wren.Mail.Addresses;
using Wren.Net.Sasl;
using Wren.Pop3.Server;
using Wren.Store.Accounts;
using Wren.Store.Sqlite;

namespace Wren.Pop3.Tests;

/// <summary>
/// An in-process server over a real store whose calls can be made to fail: transient faults are answered
/// with [SYS/TEMP] and the session lives on; a failed UPDATE deletes nothing.
/// </summary>
public sealed class Pop3FaultTests : IAsyncLifetime
{
    private const string User = "bob@example.test";
    private const string Password = "correct horse battery staple";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wren-pop3-tests", Guid.NewGuid().ToString("N"));
    private SqliteStore _store = null!;
    private FaultyMailStore _mail = null!;
    private Pop3Server _server = null!;
    private IPEndPoint _endpoint = null!;
    private long _userId;

    public async Task InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(_folder);
        await _store.Accounts.AddDomainAsync("example.test");
        ScramKeys keys = ScramKeyDerivation.Derive(Password, 4096);
        _userId = (await _store.Accounts.AddUserAsync(EmailAddress.Parse(User),
            new UserCredential(keys.Salt, keys.Iterations, keys.StoredKey, keys.ServerKey))).Id;
        foreach (string subject in new[] { "one", "two" })
        {
            await using var spool = _store.Mail.CreateSpool();
            await spool.Content.WriteAsync(Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\nbody of {subject}\r\n"));
            await _store.Mail.CommitAsync(new Wren.Store.Messages.AcceptedMessage(spool, [new Wren.Store.Messages.MailboxDelivery(_userId)],
                null, DateTimeOffset.UtcNow));
        }
        _mail = new FaultyMailStore(_store.Mail);
        _server = new Pop3Server(new Pop3ServerContext
        {
            Options = new Pop3ServerOptions { Hostname = "pop.test", AllowInsecureAuth = true },
            Accounts = _store.Accounts,
            Mail = _mail,
            Sasl = new SaslMechanismFactory(new Credentials(_store.Accounts)),
            Logger = NullLogger.Instance,
        }, limiter: null);
        _endpoint = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), Pop3ListenerRole.Pop3);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Insecure_auth_when_allowed_offers_user_and_plain_but_no_stls_without_a_certificate()
    {
        using var c = await Client.ConnectAsync(_endpoint);
        Assert.Equal("+OK capability list follows", await c.CommandAsync("CAPA"));
        var capabilities = await c.ReadMultilineAsync();
        Assert.Contains("USER", capabilities);
        Assert.Contains("SASL PLAIN SCRAM-SHA-256", capabilities);
        Assert.DoesNotContain("STLS", capabilities);
        Assert.Equal("-ERR TLS not available", await c.CommandAsync("STLS"));
    }

    [Fact]
    public async Task A_listing_fault_at_login_is_sys_temp_and_releases_the_lock()
    {
        using var c = await Client.ConnectAsync(_endpoint);
        _mail.FailListing = true;
        await c.CommandAsync("USER " + User);
        Assert.Equal("-ERR [SYS/TEMP] maildrop not available, try again later", await c.CommandAsync("PASS " + Password));
        _mail.FailListing = false;
        await c.CommandAsync("USER " + User);
        Assert.Equal("+OK logged in; maildrop has 2 messages (58 octets)", await c.CommandAsync("PASS " + Password));
    }

    [Fact]
    public async Task A_store_fault_on_retr_is_sys_temp_and_the_session_goes_on()
    {
        using var c = await Client.LoginAsync(_endpoint);
        _mail.FailOpen = true;
        Assert.Equal("-ERR [SYS/TEMP] temporary server failure, try again later", await c.CommandAsync("RETR 1"));
        Assert.Equal("-ERR [SYS/TEMP] temporary server failure, try again later", await c.CommandAsync("TOP 1 0"));
        Assert.Equal("+OK", await c.CommandAsync("NOOP"));
        _mail.FailOpen = false;
        Assert.Equal("+OK 29 octets", await c.CommandAsync("RETR 1"));
        Assert.Equal(["Subject: one", "", "body of one"], await c.ReadMultilineAsync());
    }

    [Fact]
    public async Task A_read_fault_inside_a_message_closes_the_connection_instead_of_lying()
    {
        using var c = await Client.LoginAsync(_endpoint);
        _mail.FailReadAfter = 10;
        Assert.Equal("+OK 29 octets", await c.CommandAsync("RETR 1"));
        var lines = new List<string>();
        while (await c.ReadLineAsync() is { } line)
            lines.Add(line);
        Assert.DoesNotContain(".", lines); // never terminated: the client cannot take a truncated message for whole
        Assert.DoesNotContain(lines, l => l.StartsWith("-ERR", StringComparison.Ordinal));
        // The maildrop was not updated and is free again.
        _mail.FailReadAfter = null;
        using var again = await LoginEventuallyAsync();
        Assert.Equal("+OK 2 58", await again.CommandAsync("STAT"));
    }

    [Fact]
    public async Task A_failed_update_deletes_nothing_and_says_so()
    {
        using (var c = await Client.LoginAsync(_endpoint))
        {
            Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
            _mail.FailExpunge = true;
            Assert.Equal("-ERR [SYS/TEMP] some deleted messages not removed", await c.CommandAsync("QUIT"));
            Assert.Null(await c.ReadLineAsync());
        }
        _mail.FailExpunge = false;
        Assert.Equal(2, (await _store.Mail.ListMailboxAsync(_userId, "INBOX"))!.Messages.Count);
        using var again = await LoginEventuallyAsync();
        Assert.Equal("+OK message 2 deleted", await again.CommandAsync("DELE 2"));
        Assert.Equal("+OK Bye (1 messages deleted)", await again.CommandAsync("QUIT"));
        Assert.Single((await _store.Mail.ListMailboxAsync(_userId, "INBOX"))!.Messages);
    }

    [Fact]
    public async Task Autologout_comes_after_ten_idle_minutes_on_the_servers_clock_and_deletes_nothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new Pop3Server(new Pop3ServerContext
        {
            Options = new Pop3ServerOptions { Hostname = "pop.test", AllowInsecureAuth = true },
            Accounts = _store.Accounts,
            Mail = _mail,
            Sasl = new SaslMechanismFactory(new Credentials(_store.Accounts)),
            Time = time,
            Logger = NullLogger.Instance,
        }, limiter: null);
        var endpoint = server.Listen(new IPEndPoint(IPAddress.Loopback, 0), Pop3ListenerRole.Pop3);
        Assert.Equal(TimeSpan.FromMinutes(10), new Pop3ServerOptions().IdleTimeout); // RFC 1939 §3: at least 10 minutes

        using var c = await Client.LoginAsync(endpoint);
        Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
        Task<string?> next = c.ReadLineAsync();
        // Nothing happens on the wall clock; each step moves the server's clock ten minutes (a step taken
        // before the server armed its timer is simply repeated).
        for (int i = 0; i < 100 && !next.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(next, Task.Delay(50));
        }
        Assert.Equal("-ERR autologout: idle for too long", await next);
        Assert.Null(await c.ReadLineAsync());
        Assert.Equal(2, (await _store.Mail.ListMailboxAsync(_userId, "INBOX"))!.Messages.Count);
    }

    private async Task<Client> LoginEventuallyAsync()
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = await Client.ConnectAsync(_endpoint);
            await c.CommandAsync("USER " + User);
            string? reply = await c.CommandAsync("PASS " + Password);
            if (reply!.StartsWith("+OK", StringComparison.Ordinal))
                return c;
            c.Dispose();
            Assert.True(attempt < 50 && reply.Contains("[IN-USE]"), reply);
            await Task.Delay(50);
        }
    }

    private sealed class Credentials(IAccountStore accounts) : ISaslCredentialSource
    {
        public async ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken) =>
            await accounts.GetCredentialAsync(user, cancellationToken) is { } c ? new ScramKeys(c.Salt, c.Iterations, c.StoredKey, c.ServerKey) : null;
    }

    private sealed class Client : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;
        private readonly Stream _stream;

        private Client(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        public static async Task<Client> ConnectAsync(IPEndPoint endpoint)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(endpoint);
            var client = new Client(tcp);
            Assert.Equal("+OK pop.test POP3 Wren ready", await client.ReadLineAsync());
            return client;
        }

        public static async Task<Client> LoginAsync(IPEndPoint endpoint)
        {
            var client = await ConnectAsync(endpoint);
            Assert.Equal("+OK send PASS", await client.CommandAsync("USER " + User));
            Assert.StartsWith("+OK logged in", await client.CommandAsync("PASS " + Password));
            return client;
        }

        public async Task<string?> ReadLineAsync()
        {
            try
            {
                return await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (IOException)
            {
                return null;
            }
        }

        public async Task<string?> CommandAsync(string line)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            return await ReadLineAsync();
        }

        public async Task<List<string>> ReadMultilineAsync()
        {
            var lines = new List<string>();
            while (await ReadLineAsync() is { } line && line != ".")
                lines.Add(line);
            return lines;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _tcp.Dispose();
        }
    }
}
