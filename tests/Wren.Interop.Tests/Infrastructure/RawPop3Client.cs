using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>A bare-socket POP3 peer for tests that need exact control of what is sent and read.</summary>
public sealed class RawPop3Client : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _pending = new();

    private RawPop3Client(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects (over implicit TLS when asked) and returns the client; the greeting is not read yet.</summary>
    public static async Task<RawPop3Client> ConnectAsync(IPEndPoint endpoint, bool implicitTls = false)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        var client = new RawPop3Client(tcp);
        if (implicitTls)
            await client.StartTlsAsync();
        return client;
    }

    /// <summary>Connects over implicit TLS, reads the greeting and logs in with USER/PASS.</summary>
    public static async Task<RawPop3Client> LoginAsync(IPEndPoint pop3s, string user, string password = WrenServerProcess.Password)
    {
        var client = await ConnectAsync(pop3s, implicitTls: true);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        Assert.StartsWith("+OK", await client.CommandAsync("USER " + user));
        string? reply = await client.CommandAsync("PASS " + password);
        Assert.True(reply?.StartsWith("+OK", StringComparison.Ordinal), reply);
        return client;
    }

    public async Task StartTlsAsync()
    {
        var ssl = new SslStream(_stream, false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("mx.wren.test");
        _stream = ssl;
    }

    public Task SendAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one line without its CRLF (as raw bytes decoded as UTF-8), or null at EOF.</summary>
    public async Task<string?> ReadLineAsync()
    {
        byte[]? line = await ReadLineBytesAsync();
        return line is null ? null : Encoding.UTF8.GetString(line);
    }

    /// <summary>Sends a command line and returns the first line of the answer.</summary>
    public async Task<string?> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>Reads the lines of a multi-line response up to its "." line, with byte-stuffing still in place.</summary>
    public async Task<List<string>> ReadMultilineAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line && line != ".")
            lines.Add(line);
        return lines;
    }

    /// <summary>Reads a multi-line body up to "." CRLF and returns its exact octets (stuffing undone, CRLFs kept).</summary>
    public async Task<byte[]> ReadMultilineBytesAsync()
    {
        var body = new MemoryStream();
        while (await ReadLineBytesAsync() is { } line)
        {
            if (line is [(byte)'.'])
                return body.ToArray();
            int skip = line.Length > 0 && line[0] == (byte)'.' ? 1 : 0;
            body.Write(line, skip, line.Length - skip);
            body.Write("\r\n"u8);
        }
        throw new EndOfStreamException("connection closed inside a multi-line response");
    }

    /// <summary>True when the server closed the connection (reads EOF within the timeout).</summary>
    public async Task<bool> IsClosedAsync() => await ReadLineBytesAsync() is null;

    private async Task<byte[]?> ReadLineBytesAsync()
    {
        while (true)
        {
            byte[] data = _pending.GetBuffer();
            int length = (int)_pending.Length;
            int lf = Array.IndexOf(data, (byte)'\n', 0, length);
            if (lf >= 0)
            {
                int end = lf > 0 && data[lf - 1] == (byte)'\r' ? lf - 1 : lf;
                byte[] line = data[..end];
                byte[] rest = data[(lf + 1)..length];
                _pending.SetLength(0);
                _pending.Write(rest);
                return line;
            }
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (IOException)
            {
                return null;
            }
            if (read == 0)
                return null;
            _pending.Write(_buffer, 0, read);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
