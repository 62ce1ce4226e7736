using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Imap.Server;
using Wren.Net.Limits;
using Wren.Net.Sasl;
using Wren.Store.Accounts;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// An <see cref="ImapServer"/> in-process on loopback over the fixture's store: a STARTTLS port and an implicit
/// TLS port (or a plaintext port only, without a certificate), on a clock the test may control.
/// </summary>
internal sealed class ImapTestServer : IAsyncDisposable
{
    private readonly ImapServer _server;
    private readonly Credentials _credentials;

    public ImapTestServer(ImapStoreFixture fixture, ImapServerOptions? options = null, TimeProvider? time = null,
        ConnectionLimiter? limiter = null, bool tls = true)
    {
        Time = time ?? TimeProvider.System;
        Throttle = new AuthFailureThrottle(Time);
        _credentials = new Credentials(fixture.Store.Accounts);
        options ??= new ImapServerOptions();
        options.Hostname = ImapStoreFixture.Hostname;
        _server = new ImapServer(new ImapServerContext
        {
            Options = options,
            Accounts = fixture.Store.Accounts,
            Mail = fixture.Store.Mail,
            Mailboxes = fixture.Store.Mailboxes,
            Sasl = new SaslMechanismFactory(_credentials),
            Tls = tls ? fixture.Tls : null,
            AuthThrottle = Throttle,
            Time = Time,
            Logger = NullLogger.Instance,
        }, limiter);
        Imap = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), ImapListenerRole.Imap);
        if (tls)
            Imaps = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), ImapListenerRole.Imaps);
    }

    public IPEndPoint Imap { get; }

    public IPEndPoint? Imaps { get; }

    public TimeProvider Time { get; }

    public AuthFailureThrottle Throttle { get; }

    /// <summary>Makes the credential look-up throw, as a failing store would.</summary>
    public bool FailCredentials
    {
        get => _credentials.Fail;
        set => _credentials.Fail = value;
    }

    /// <summary>Connects to the STARTTLS port (or the implicit TLS port) and reads the greeting.</summary>
    public Task<ImapTestClient> ConnectAsync(bool implicitTls = false) =>
        ImapTestClient.ConnectAsync(implicitTls ? Imaps! : Imap, implicitTls);

    /// <summary>Connects over implicit TLS and logs in with LOGIN.</summary>
    public async Task<ImapTestClient> LoginAsync()
    {
        ImapTestClient client = await ConnectAsync(implicitTls: true);
        Assert.StartsWith("a0 OK [CAPABILITY ", (await client.CommandAsync("a0", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""))[^1]);
        return client;
    }

    public Task StopAsync() => _server.StopAsync(TimeSpan.FromSeconds(5));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class Credentials(IAccountStore accounts) : ISaslCredentialSource
    {
        public bool Fail { get; set; }

        public async ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken)
        {
            if (Fail)
                throw new InvalidOperationException("the store is down (test)");
            return await accounts.GetCredentialAsync(user, cancellationToken) is { } c
                ? new ScramKeys(c.Salt, c.Iterations, c.StoredKey, c.ServerKey)
                : null;
        }
    }
}
