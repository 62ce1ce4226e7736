using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wren.Delivery.Bounces;
using Wren.Delivery.Inbound;
using Wren.Delivery.Outbound;
using Wren.Delivery.Outbound.Routing;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Imap.Server;
using Wren.Mail.Dns;
using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.PublicSuffix;
using Wren.MailAuth.Spf;
using Wren.Net.Limits;
using Wren.Net.Listening;
using Wren.Net.Sasl;
using Wren.Net.Tls;
using Wren.Pop3.Server;
using Wren.Server.Configuration;
using Wren.Smtp.Server;
using Wren.Store.Sqlite;

namespace Wren.Server.Hosting;

/// <summary>
/// Opens the store, loads the certificate, starts the outbound queue and every configured listener; on stop,
/// tells sessions to finish (421 4.3.2), lets delivery rounds in flight end, and closes the store after the
/// last commit.
/// </summary>
public sealed class MailServerService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly WrenSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly TextWriter _announce;
    private SqliteStore? _store;
    private SmtpServer? _smtp;
    private Pop3Server? _pop3;
    private ImapServer? _imap;
    private QueueScheduler? _outbound;

    /// <summary>Creates the service; <paramref name="announce"/> receives one line per listener.</summary>
    public MailServerService(WrenSettings settings, ILoggerFactory loggerFactory, TimeProvider time, TextWriter announce)
    {
        _settings = settings;
        _loggerFactory = loggerFactory;
        _time = time;
        _announce = announce;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string data = Path.GetFullPath(_settings.Data);
        Directory.CreateDirectory(data);
        _store = await SqliteStore.OpenAsync(data, _loggerFactory, _time, cancellationToken);
        // RFC 9208: the limits of users without their own (wren user quota sets those).
        _store.Mailboxes.DefaultQuota = new Wren.Store.Messages.QuotaLimits(_settings.Quota.StorageBytes, _settings.Quota.Messages);
        SslServerAuthenticationOptions tls = await LoadTlsAsync(data, cancellationToken);

        var limiter = new ConnectionLimiter(_settings.Limits.MaxConnections, _settings.Limits.MaxConnectionsPerAddress)
        {
            ExemptLoopback = _settings.Limits.ExemptLoopback,
        };
        var sasl = new SaslMechanismFactory(new StoreCredentialSource(_store.Accounts));
        // One throttle for every protocol, so a guesser cannot switch protocols to escape it.
        var authThrottle = new AuthFailureThrottle(_time);
        IDnsResolver dns = CreateResolver();
        MailAuthStep mailAuth = CreateMailAuth(dns, data);
        var context = new SmtpServerContext
        {
            Options = _settings.Smtp,
            Handler = new MailHandler(_store.Accounts, _store.Mail, _settings.Policy, _time, _loggerFactory.CreateLogger<MailHandler>(),
                mailAuth, Path.Combine(data, "staging"), _store.Mailboxes),
            Tls = tls,
            Sasl = sasl,
            AuthThrottle = authThrottle,
            Time = _time,
            Logger = _loggerFactory.CreateLogger<SmtpSession>(),
        };
        _smtp = new SmtpServer(context, limiter);
        _pop3 = new Pop3Server(new Pop3ServerContext
        {
            Options = _settings.Pop3,
            Accounts = _store.Accounts,
            Mail = _store.Mail,
            Sasl = sasl,
            Tls = tls,
            AuthThrottle = authThrottle,
            Time = _time,
            Logger = _loggerFactory.CreateLogger<Pop3Session>(),
        }, limiter);
        _imap = new ImapServer(new ImapServerContext
        {
            Options = _settings.Imap,
            Accounts = _store.Accounts,
            Mail = _store.Mail,
            Mailboxes = _store.Mailboxes,
            Sasl = sasl,
            Tls = tls,
            AuthThrottle = authThrottle,
            Time = _time,
            Logger = _loggerFactory.CreateLogger<ImapSession>(),
        }, limiter);
        _outbound = CreateOutbound(_store, data, dns, mailAuth);
        _outbound.Start();
        _announce.WriteLine($"wren: data folder {data}");
        Listen("smtp", _settings.Listeners.Smtp, SmtpListenerRole.Relay);
        Listen("submission", _settings.Listeners.Submission, SmtpListenerRole.Submission);
        Listen("submissions", _settings.Listeners.Submissions, SmtpListenerRole.Submissions);
        ListenPop3("pop3", _settings.Listeners.Pop3, Pop3ListenerRole.Pop3);
        ListenPop3("pop3s", _settings.Listeners.Pop3s, Pop3ListenerRole.Pop3s);
        ListenImap("imap", _settings.Listeners.Imap, ImapListenerRole.Imap);
        ListenImap("imaps", _settings.Listeners.Imaps, ImapListenerRole.Imaps);
        _announce.WriteLine("wren: ready");
        _announce.Flush();
    }

    /// <summary>
    /// The outbound chain: DNS → MX routing and TLS policy → SMTP transport; DSNs for what fails; the scheduler
    /// that the store's change feed wakes when mail is queued.
    /// </summary>
    private QueueScheduler CreateOutbound(SqliteStore store, string data, IDnsResolver dns, MailAuthStep signer)
    {
        DeliveryOptions delivery = _settings.Delivery;
        var mx = new MxResolver(dns, new MxResolverOptions { LocalHostNames = [_settings.Hostname] });
        var tlsPolicy = new TlsPolicyResolver(dns, new TlsPolicyOptions
        {
            EnableMtaSts = _settings.OutboundTls.MtaSts,
            EnableDane = _settings.OutboundTls.Dane,
            CacheFolder = Path.Combine(data, "mta-sts"),
        }, _time, _loggerFactory.CreateLogger<TlsPolicyResolver>());
        string helo = string.IsNullOrWhiteSpace(delivery.HeloName) ? _settings.Hostname : delivery.HeloName;
        var transport = new SmtpTransport(mx, tlsPolicy, delivery, _settings.Smarthost, helo, _time,
            _loggerFactory.CreateLogger<SmtpTransport>());
        var dsn = new DsnBuilder(_settings.Hostname, _time, new DsnBuilderOptions { MaxFullReturnSize = delivery.ReturnFullMaxSize });
        var bounces = new BounceComposer(store.Mail, store.Queue, store.Accounts, dsn, _time, signer);
        var rounds = new DeliveryRound(store.Queue, bounces, new RetrySchedule(delivery), _time, _loggerFactory.CreateLogger<DeliveryRound>());
        return new QueueScheduler(store.Queue, store.Mail.Changes, transport, rounds, delivery, _settings.Smarthost.Enabled, _time,
            _loggerFactory.CreateLogger<QueueScheduler>());
    }

    private DnsClientResolver CreateResolver() => new(new DnsClientResolverOptions
    {
        Servers = _settings.Dns.Servers.Where(s => !string.IsNullOrWhiteSpace(s)).ToList(),
        Timeout = _settings.Dns.Timeout,
    });

    /// <summary>
    /// SPF, DKIM, ARC and DMARC over Wren's resolver, the Public Suffix List, and the DKIM keys of the data
    /// folder (<c>wren dkim generate</c>), for checking arriving mail and signing what leaves.
    /// </summary>
    private MailAuthStep CreateMailAuth(IDnsResolver dns, string data)
    {
        MailAuthOptions options = _settings.MailAuth;
        ILogger logger = _loggerFactory.CreateLogger<MailAuthStep>();
        PublicSuffixList suffixes = PublicSuffixList.LoadOrDefaultRule(options.PublicSuffixList, logger);
        string authServId = string.IsNullOrWhiteSpace(options.AuthServId) ? _settings.Hostname : options.AuthServId;
        var spf = new SpfChecker(dns, new SpfOptions { ReceiverName = _settings.Hostname, TimeProvider = _time, Timeout = options.Timeout });
        var dkim = new DkimMessageVerifier(dns, _time, new DkimVerifierOptions { MaxSignatures = options.MaxDkimSignatures });
        var dmarc = new DmarcEvaluator(dns, suffixes);
        var signer = new DkimMessageSigner(new DkimKeyStore(data), _time);
        return new MailAuthStep(options, authServId, spf, dkim, new ArcChainVerifier(dns), dmarc, suffixes, signer,
            new JsonLinesDmarcReportSink(Path.Combine(data, "dmarc")), _time, logger);
    }

    private void Listen(string name, IEnumerable<string> endpoints, SmtpListenerRole role)
    {
        foreach (string text in endpoints.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            IPEndPoint bound = _smtp!.Listen(ListenerEndpoint.Parse(text), role);
            _announce.WriteLine($"wren: listening {name} {bound}");
        }
    }

    private void ListenPop3(string name, IEnumerable<string> endpoints, Pop3ListenerRole role)
    {
        foreach (string text in endpoints.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            IPEndPoint bound = _pop3!.Listen(ListenerEndpoint.Parse(text), role);
            _announce.WriteLine($"wren: listening {name} {bound}");
        }
    }

    private void ListenImap(string name, IEnumerable<string> endpoints, ImapListenerRole role)
    {
        foreach (string text in endpoints.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            IPEndPoint bound = _imap!.Listen(ListenerEndpoint.Parse(text), role);
            _announce.WriteLine($"wren: listening {name} {bound}");
        }
    }

    private async Task<SslServerAuthenticationOptions> LoadTlsAsync(string data, CancellationToken cancellationToken)
    {
        TlsSettings tls = _settings.Tls;
        bool pkcs12 = tls.Certificate is { } path
            && (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase));
        var options = new ServerCertificateOptions
        {
            HostName = _settings.Hostname,
            CertificatePath = pkcs12 ? null : tls.Certificate,
            KeyPath = pkcs12 ? null : tls.Key,
            Pkcs12Path = pkcs12 ? tls.Certificate : null,
            Pkcs12Password = tls.Password,
            SelfSignedDirectory = Path.Combine(data, "tls"),
        };
        var provider = new ServerCertificateProvider(options, _time, _loggerFactory.CreateLogger<ServerCertificateProvider>());
        SslStreamCertificateContext certificate = await provider.LoadAsync(cancellationToken);
        return ServerTlsOptions.Create(certificate);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The protocols stop together; the store closes after their last commit or expunge.
        await Task.WhenAll(
            _smtp?.StopAsync(ShutdownGrace) ?? Task.CompletedTask,
            _pop3?.StopAsync(ShutdownGrace) ?? Task.CompletedTask,
            _imap?.StopAsync(ShutdownGrace) ?? Task.CompletedTask);
        // Rounds cut short by the stop are not recorded; their recipients stay pending for the next start.
        if (_outbound is not null)
            await _outbound.DisposeAsync();
        _outbound = null;
        if (_store is not null)
            await _store.DisposeAsync();
        _store = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_smtp is not null)
            await _smtp.DisposeAsync();
        if (_pop3 is not null)
            await _pop3.DisposeAsync();
        if (_imap is not null)
            await _imap.DisposeAsync();
        if (_outbound is not null)
            await _outbound.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
    }
}
