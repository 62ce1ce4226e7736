using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>A bare-socket SMTP peer for tests that need byte-exact control of what is sent.</summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly StringBuilder _pending = new();

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawSmtpClient> ConnectAsync(IPEndPoint endpoint, bool implicitTls = false)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        var client = new RawSmtpClient(tcp);
        if (implicitTls)
            await client.StartTlsAsync();
        return client;
    }

    public async Task StartTlsAsync()
    {
        var ssl = new SslStream(_stream, false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("mx.wren.test");
        _stream = ssl;
    }

    /// <summary>Every line of the last reply read.</summary>
    public string LastReply { get; private set; } = "";

    public Task SendAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one complete (possibly multi-line) reply; returns its last line ("250 2.0.0 OK"), or null at EOF.</summary>
    public async Task<string?> ReadReplyAsync()
    {
        while (true)
        {
            string text = _pending.ToString();
            int start = 0;
            int lf;
            var lines = new List<string>();
            while ((lf = text.IndexOf('\n', start)) >= 0)
            {
                string line = text[start..lf].TrimEnd('\r');
                start = lf + 1;
                lines.Add(line);
                if (line.Length < 4 || line[3] != '-')
                {
                    _pending.Remove(0, start);
                    LastReply = string.Join('\n', lines);
                    return line;
                }
            }
            int read = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read == 0)
                return null;
            _pending.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        }
    }

    /// <summary>Sends a command line and returns the reply's last line.</summary>
    public async Task<string?> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
