using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;

namespace Wren.Delivery.Tests.Outbound.EndToEnd;

/// <summary>Wren's real SMTP server on a chosen loopback address and port, keeping what it accepts in memory.</summary>
internal sealed class RecordingSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer server;
    private readonly Recorder recorder = new();

    private RecordingSmtpServer(IPEndPoint endPoint)
    {
        server = new SmtpServer(new SmtpServerContext
        {
            Options = new SmtpServerOptions { Hostname = "mx.b.test" },
            Handler = recorder,
            Logger = NullLogger.Instance,
        }, limiter: null);
        server.Listen(endPoint, SmtpListenerRole.Relay);
    }

    public static RecordingSmtpServer Start(IPEndPoint endPoint) => new(endPoint);

    /// <summary>Accepted messages: envelope and content, in order.</summary>
    public IReadOnlyList<(Envelope Envelope, byte[] Content)> Messages
    {
        get
        {
            lock (recorder.Messages)
                return recorder.Messages.ToList();
        }
    }

    /// <summary>A port that nothing listens on at <paramref name="address"/> right now.</summary>
    public static int FreePort(IPAddress address)
    {
        var probe = new TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private sealed class Recorder : ISmtpMessageHandler
    {
        public List<(Envelope, byte[])> Messages { get; } = [];

        public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmtpReply?>(null);

        public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient,
            CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);

        public ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IncomingMessage>(new Incoming(this, envelope));

        private sealed class Incoming(Recorder owner, Envelope envelope) : IncomingMessage
        {
            private readonly MemoryStream content = new();

            public override Stream Content => content;

            public override ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
            {
                lock (owner.Messages)
                    owner.Messages.Add((envelope, content.ToArray()));
                return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "OK"));
            }

            public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
