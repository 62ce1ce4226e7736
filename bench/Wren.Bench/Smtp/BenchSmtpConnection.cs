using System.Net;
using System.Net.Sockets;

namespace Wren.Bench.Smtp;

/// <summary>
/// The load tool's own minimal SMTP client: one TCP connection, commands written as prepared bytes, replies
/// read as RFC 5321 §4.2 lines (<c>250-…</c> continues, <c>250 …</c> ends) and reduced to their code. No
/// pipelining, no TLS, no AUTH: what <c>smtp-source</c> does, so the figures compare.
/// </summary>
internal sealed class BenchSmtpConnection : IAsyncDisposable
{
    // RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; allow more, but bounded.
    private const int MaxLineLength = 4096;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _timeout;
    private readonly TimeSpan _replyTimeout;
    private readonly byte[] _buffer = new byte[MaxLineLength * 2];
    private int _start;
    private int _end;

    private BenchSmtpConnection(Socket socket, CancellationTokenSource timeout, TimeSpan replyTimeout)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _timeout = timeout;
        _replyTimeout = replyTimeout;
    }

    /// <summary>Connects to <paramref name="endPoint"/>; every later write and reply wait is bounded by <paramref name="replyTimeout"/>.</summary>
    public static async Task<BenchSmtpConnection> ConnectAsync(EndPoint endPoint, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            timeout.CancelAfter(replyTimeout);
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            return new BenchSmtpConnection(socket, timeout, replyTimeout);
        }
        catch
        {
            socket.Dispose();
            timeout.Dispose();
            throw;
        }
    }

    /// <summary>True once the reply timeout has fired (so a cancellation means "timeout", not "stop").</summary>
    public bool TimedOut => _timeout.IsCancellationRequested;

    /// <summary>Sends <paramref name="command"/> (a complete command line, or a message with its terminator) and returns the reply code.</summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> command)
    {
        _timeout.CancelAfter(_replyTimeout);
        await _stream.WriteAsync(command, _timeout.Token).ConfigureAwait(false);
        return await ReadReplyAsync().ConfigureAwait(false);
    }

    /// <summary>Reads one reply, all its lines, and returns its three-digit code.</summary>
    public async ValueTask<int> ReadReplyAsync()
    {
        _timeout.CancelAfter(_replyTimeout);
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline < 0)
            {
                await FillAsync().ConfigureAwait(false);
                continue;
            }

            int lineStart = _start;
            int lineLength = newline - lineStart;
            _start = newline + 1;
            if (lineLength < 3 || !IsDigit(_buffer[lineStart]) || !IsDigit(_buffer[lineStart + 1]) || !IsDigit(_buffer[lineStart + 2]))
                throw new InvalidDataException("the server sent a line that is not an SMTP reply");

            // RFC 5321 §4.2.1: "250-" continues a multiline reply; "250 " (or a bare "250") ends it.
            if (lineLength > 3 && _buffer[lineStart + 3] == (byte)'-')
                continue;
            return ((_buffer[lineStart] - '0') * 100) + ((_buffer[lineStart + 1] - '0') * 10) + (_buffer[lineStart + 2] - '0');
        }
    }

    private async ValueTask FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end >= MaxLineLength)
            throw new InvalidDataException($"the server sent a reply line longer than {MaxLineLength} bytes");
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), _timeout.Token).ConfigureAwait(false);
        if (read == 0)
            throw new IOException("the server closed the connection");
        _end += read;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _timeout.Dispose();
    }
}
