using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Mail.Envelopes;
using Wren.Net.Sasl;
using Wren.Net.Tls;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests.Client;

/// <summary>
/// Wren's own SmtpServer in-process on loopback with a self-signed certificate, SASL users, and all three
/// roles (relay, submission, submissions); records every envelope and message; recipients whose local part
/// starts with "refuse" get 550 5.1.1.
/// </summary>
internal sealed class ClientTestServer : IAsyncDisposable
{
    public const string User = "alice@example.test";
    public const string Password = "correct horse";

    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);

    private readonly SmtpServer _server;

    public ClientTestServer(SmtpServerOptions? options = null)
    {
        var credentials = new Credentials();
        credentials.Users[User] = ScramKeyDerivation.Derive(Password, 4096);
        var context = new SmtpServerContext
        {
            Options = options ?? new SmtpServerOptions { Hostname = "server.test" },
            Handler = Handler,
            Logger = NullLogger.Instance,
            Tls = ServerTlsOptions.Create(SslStreamCertificateContext.Create(Certificate.Value, null)),
            Sasl = new SaslMechanismFactory(credentials),
        };
        _server = new SmtpServer(context, limiter: null);
        Relay = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), SmtpListenerRole.Relay);
        Submission = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), SmtpListenerRole.Submission);
        Submissions = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), SmtpListenerRole.Submissions);
    }

    public IPEndPoint Relay { get; }
    public IPEndPoint Submission { get; }
    public IPEndPoint Submissions { get; }

    public RecordingHandler Handler { get; } = new();

    /// <summary>Accepts the test server's self-signed certificate (and only it).</summary>
    public static bool AcceptTestCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == Certificate.Value.GetCertHashString();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=server.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("server.test");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // A certificate with an exportable key, as SslStream on Linux wants.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class Credentials : ISaslCredentialSource
    {
        public Dictionary<string, ScramKeys> Users { get; } = [];

        public ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Users.GetValueOrDefault(user));
    }

    internal sealed record Received(Envelope Envelope, byte[] Content, SmtpSessionInfo Session);

    internal sealed class RecordingHandler : ISmtpMessageHandler
    {
        public List<Received> Messages { get; } = [];

        public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmtpReply?>(envelope.Sender?.LocalPart == "refused-sender" ? new SmtpReply(550, "5.7.1", "Sender refused") : null);

        public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmtpReply?>(recipient.Address.LocalPart.StartsWith("refuse", StringComparison.Ordinal)
                ? new SmtpReply(550, "5.1.1", "No such user here") : null);

        public ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IncomingMessage>(new MemoryMessage(this, envelope, session));

        private sealed class MemoryMessage(RecordingHandler owner, Envelope envelope, SmtpSessionInfo session) : IncomingMessage
        {
            private readonly MemoryStream _content = new();

            public override Stream Content => _content;

            public override ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
            {
                lock (owner.Messages)
                    owner.Messages.Add(new Received(envelope, _content.ToArray(), session));
                return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Queued"));
            }

            public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
