using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// A raw IMAP client for the tests: writes exactly the bytes given, reads lines, switches to TLS in place.
/// It buffers what it reads itself, so a test can check that nothing arrived before the TLS handshake.
/// </summary>
internal sealed class ImapTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Stream _stream;
    private int _start;
    private int _end;

    private ImapTestClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    /// <summary>The greeting line.</summary>
    public string Greeting { get; private set; } = "";

    public static async Task<ImapTestClient> ConnectAsync(IPEndPoint endpoint, bool implicitTls)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        var client = new ImapTestClient(tcp, tcp.GetStream());
        if (implicitTls)
            await client.HandshakeAsync();
        client.Greeting = await client.ReadLineAsync() ?? throw new IOException("no greeting");
        return client;
    }

    /// <summary>Sends the text as it is (no CRLF added).</summary>
    public async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Sends these octets as they are (binary literals).</summary>
    public async Task WriteAsync(byte[] octets)
    {
        await _stream.WriteAsync(octets);
        await _stream.FlushAsync();
    }

    /// <summary>Sends <c>tag command CRLF</c> and returns every line up to and including the tagged one.</summary>
    public async Task<List<string>> CommandAsync(string tag, string command)
    {
        await WriteAsync($"{tag} {command}\r\n");
        return await ReadUntilTaggedAsync(tag);
    }

    /// <summary>Reads lines up to and including the one tagged <paramref name="tag"/>.</summary>
    public async Task<List<string>> ReadUntilTaggedAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            string line = await ReadLineAsync() ?? throw new IOException("Connection closed; got:\n" + string.Join("\n", lines));
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                return lines;
        }
    }

    /// <summary>Reads one line without its CRLF; null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync())
                return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
            byte b = _buffer[_start++];
            if (b == '\n')
            {
                if (line.Count > 0 && line[^1] == '\r')
                    line.RemoveAt(line.Count - 1);
                return Encoding.UTF8.GetString([.. line]);
            }
            line.Add(b);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (a literal's octets) as they arrive, CRLFs included.</summary>
    public async Task<byte[]> ReadBytesAsync(long count)
    {
        var bytes = new byte[count];
        long filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync())
                throw new IOException($"Connection closed after {filled} of {count} literal bytes");
            int take = (int)Math.Min(_end - _start, count - filled);
            Array.Copy(_buffer, _start, bytes, filled, take);
            _start += take;
            filled += take;
        }
        return bytes;
    }

    /// <summary>True once the server closed the connection (after whatever it still had to say is read).</summary>
    public async Task<bool> IsClosedAsync()
    {
        while (await ReadLineAsync() is not null)
        {
        }
        return true;
    }

    /// <summary>Starts TLS on the connection (after STARTTLS); nothing may have arrived in plaintext meanwhile.</summary>
    public async Task StartTlsAsync()
    {
        Assert.Equal(0, _end - _start);
        await HandshakeAsync();
    }

    /// <summary>Switches to raw DEFLATE both ways (after COMPRESS DEFLATE's OK, RFC 4978).</summary>
    public void StartDeflate()
    {
        Assert.Equal(0, _end - _start);
        _stream = new DeflateDuplexStream(_stream);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task HandshakeAsync()
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = ImapStoreFixture.Hostname,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        _stream = ssl;
    }

    private async Task<bool> FillAsync()
    {
        try
        {
            int read = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(ReadTimeout);
            _start = 0;
            _end = read;
            return read > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
