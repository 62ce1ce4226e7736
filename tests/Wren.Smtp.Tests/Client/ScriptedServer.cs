using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.Smtp.Tests.Client;

/// <summary>
/// A fake SMTP server on a loopback port that plays a script, for the paths Wren's own server never takes
/// (no EHLO, 4xx, dropped connections, silence, impostor SCRAM). Records every line it reads.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public ScriptedServer(Func<Session, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _run = RunAsync(script);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every line the client sent, in order.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>Completes when the script has ended (or failed).</summary>
    public Task Completion => _run;

    private async Task RunAsync(Func<Session, Task> script)
    {
        using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
        await using NetworkStream stream = client.GetStream();
        await script(new Session(this, stream));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The script ended with the connection.
        }
    }

    internal sealed class Session(ScriptedServer owner, NetworkStream stream)
    {
        private readonly List<byte> _pending = [];

        public NetworkStream Stream => stream;

        public Task SendAsync(string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))).AsTask();

        /// <summary>Reads one CRLF line (null at EOF) and records it.</summary>
        public async Task<string?> ReadLineAsync()
        {
            var buffer = new byte[1];
            while (true)
            {
                int lf = _pending.IndexOf((byte)'\n');
                if (lf >= 0)
                {
                    string line = Encoding.UTF8.GetString(_pending.GetRange(0, lf).ToArray()).TrimEnd('\r');
                    _pending.RemoveRange(0, lf + 1);
                    lock (owner.Lines)
                        owner.Lines.Add(line);
                    return line;
                }
                int read = await stream.ReadAsync(buffer);
                if (read == 0)
                    return null;
                _pending.Add(buffer[0]);
            }
        }

        /// <summary>Reads lines until one equal to <paramref name="end"/> (for DATA content); returns them.</summary>
        public async Task<List<string>> ReadUntilAsync(string end)
        {
            var lines = new List<string>();
            while (await ReadLineAsync() is { } line && line != end)
                lines.Add(line);
            return lines;
        }

        /// <summary>Reads a command and answers it.</summary>
        public async Task<string?> ExpectAsync(string reply)
        {
            string? line = await ReadLineAsync();
            await SendAsync(reply);
            return line;
        }

        /// <summary>220 greeting, then EHLO answered with the given extension lines.</summary>
        public async Task GreetAsync(params string[] extensions)
        {
            await SendAsync("220 fake.test ESMTP\n");
            await ReadLineAsync();
            var reply = new StringBuilder();
            string[] lines = ["fake.test", .. extensions];
            for (int i = 0; i < lines.Length; i++)
                reply.Append("250").Append(i == lines.Length - 1 ? ' ' : '-').Append(lines[i]).Append('\n');
            await SendAsync(reply.ToString());
        }
    }
}
