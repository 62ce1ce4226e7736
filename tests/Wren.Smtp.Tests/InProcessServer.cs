using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests;

/// <summary>An SmtpServer on a loopback port with a handler that accepts everything and keeps messages in memory.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly SmtpServer _server;

    public InProcessServer(SmtpServerOptions? options = null)
    {
        var context = new SmtpServerContext
        {
            Options = options ?? new SmtpServerOptions { Hostname = "test.local" },
            Handler = Handler,
            Logger = NullLogger.Instance,
        };
        _server = new SmtpServer(context, limiter: null);
        EndPoint = _server.Listen(new IPEndPoint(IPAddress.Loopback, 0), SmtpListenerRole.Relay);
    }

    public IPEndPoint EndPoint { get; }

    public AcceptingHandler Handler { get; } = new();

    public async Task<(NetworkStream Stream, TcpClient Client)> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(EndPoint);
        return (client.GetStream(), client);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    internal sealed class AcceptingHandler : ISmtpMessageHandler
    {
        public List<byte[]> Messages { get; } = [];

        public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmtpReply?>(null);

        public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmtpReply?>(null);

        public ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IncomingMessage>(new MemoryMessage(this));

        private sealed class MemoryMessage(AcceptingHandler owner) : IncomingMessage
        {
            private readonly MemoryStream _content = new();

            public override Stream Content => _content;

            public override ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
            {
                lock (owner.Messages)
                    owner.Messages.Add(_content.ToArray());
                return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "OK"));
            }

            public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>Reads replies until one whose last line starts with the given code prefix, or EOF.</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string finalLinePrefix)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            string all = text.ToString();
            if (all.Split("\r\n").Any(l => l.StartsWith(finalLinePrefix)))
                return all;
            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read == 0)
                return all;
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }
}
