using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Wren.Bench.Imap;

/// <summary>How the bench reaches the server: plain, implicit TLS (port 993 style) or STARTTLS.</summary>
internal enum ImapTlsMode
{
    /// <summary>Plain TCP (loopback benchmarks; the server must allow LOGIN without TLS).</summary>
    None,

    /// <summary>TLS from the first byte (RFC 8314).</summary>
    Implicit,

    /// <summary>Plain, then <c>STARTTLS</c> (RFC 9051 §6.2.1).</summary>
    StartTls,
}

/// <summary>
/// The bench's own small IMAP client: one connection, commands written as text (literals as raw octets),
/// responses read line by line with their literals counted and skipped, never parsed further than
/// <see cref="ImapResponse"/>. It pipelines when the caller sends several commands before reading, and counts
/// every octet each way. Every read and write is bounded by the reply timeout: a server that goes silent
/// makes the operation fail with <see cref="TimeoutException"/>, never hang.
/// </summary>
internal sealed class BenchImapConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 4096;

    // A SEARCH answer for 100,000 messages is one line of ~600 KB; allow lines far longer, but bounded.
    private const int MaxLineLength = 64 * 1024 * 1024;

    // A response is its lines joined by literals; real ones have a few, a FETCH of many sections some dozens.
    private const int MaxFragments = 100_000;

    private readonly Socket _socket;
    private readonly TimeSpan _replyTimeout;
    private readonly CancellationToken _stop;
    private readonly HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private Stream _stream;
    private CancellationTokenSource _timeout;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private int _nextTag;

    private BenchImapConnection(Socket socket, TimeSpan replyTimeout, CancellationToken stop)
    {
        _socket = socket;
        _stream = Stream.Null; // until connected
        _replyTimeout = replyTimeout;
        _stop = stop;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    /// <summary>Octets read from the server (TLS: decrypted octets).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Octets written to the server (TLS: before encryption).</summary>
    public long BytesSent { get; private set; }

    /// <summary>The server's capabilities, as last announced (greeting, CAPABILITY response or response code).</summary>
    public IReadOnlySet<string> Capabilities => _capabilities;

    /// <summary>The greeting line.</summary>
    public ImapResponse Greeting { get; private set; } = null!;

    /// <summary>
    /// Connects to <paramref name="endPoint"/> (from <paramref name="bindAddress"/> when given, so that many
    /// connections can use several source addresses), sets up TLS as asked and reads the greeting.
    /// </summary>
    public static async Task<BenchImapConnection> ConnectAsync(IPEndPoint endPoint, IPAddress? bindAddress, ImapTlsMode tls,
        string tlsHost, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        BenchImapConnection? connection = null;
        try
        {
            if (bindAddress is not null)
                socket.Bind(new IPEndPoint(bindAddress, 0));
            connection = new BenchImapConnection(socket, replyTimeout, cancellationToken);
            await connection.TimedAsync(t => socket.ConnectAsync(endPoint, t)).ConfigureAwait(false);
            connection._stream = new NetworkStream(socket, ownsSocket: false);
            if (tls == ImapTlsMode.Implicit)
                await connection.StartTlsStreamAsync(tlsHost).ConfigureAwait(false);

            connection.Greeting = await connection.ReadResponseAsync().ConfigureAwait(false);
            if (connection.Greeting.Kind != ImapResponseKind.Untagged || connection.Greeting.Keyword is not ("OK" or "PREAUTH"))
                throw new ImapCommandFailedException("(greeting)", connection.Greeting);

            if (tls == ImapTlsMode.StartTls)
            {
                await connection.ExpectOkAsync("STARTTLS").ConfigureAwait(false);
                await connection.StartTlsStreamAsync(tlsHost).ConfigureAwait(false);
                connection._capabilities.Clear(); // capabilities from before TLS are void (RFC 9051 §6.2.1)
            }
            return connection;
        }
        catch
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            else
                socket.Dispose();
            throw;
        }
    }

    private async Task StartTlsStreamAsync(string host)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true); // bench: any certificate
        await TimedAsync(t => new ValueTask(ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, t)))
            .ConfigureAwait(false);
        _stream = ssl;
    }

    /// <summary>A new tag, unique on this connection.</summary>
    public string NextTag() => "B" + (++_nextTag).ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="data"/> as is (commands already tagged and terminated, literals).</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        await TimedAsync(t => _stream.WriteAsync(data, t)).ConfigureAwait(false);
        BytesSent += data.Length;
    }

    /// <summary>Writes <c>TAG command CRLF</c>; returns the tag.</summary>
    public async ValueTask<string> SendCommandAsync(string command)
    {
        string tag = NextTag();
        await SendAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n")).ConfigureAwait(false);
        return tag;
    }

    /// <summary>
    /// Sends <paramref name="command"/> and reads responses until its tagged one, which it returns (OK, NO or BAD);
    /// every untagged response goes to <paramref name="onUntagged"/>.
    /// </summary>
    public async Task<ImapResponse> CommandAsync(string command, Action<ImapResponse>? onUntagged = null)
    {
        string tag = await SendCommandAsync(command).ConfigureAwait(false);
        return await ReadUntilTaggedAsync(tag, command, onUntagged).ConfigureAwait(false);
    }

    /// <summary>As <see cref="CommandAsync"/>, but a NO or BAD throws <see cref="ImapCommandFailedException"/>.</summary>
    public async Task<ImapResponse> ExpectOkAsync(string command, Action<ImapResponse>? onUntagged = null)
    {
        ImapResponse answer = await CommandAsync(command, onUntagged).ConfigureAwait(false);
        return answer.IsOk ? answer : throw new ImapCommandFailedException(command, answer);
    }

    /// <summary>Reads responses until the tagged response for <paramref name="tag"/>; a BYE before it throws.</summary>
    public async Task<ImapResponse> ReadUntilTaggedAsync(string tag, string command, Action<ImapResponse>? onUntagged = null)
    {
        ImapResponse? bye = null;
        while (true)
        {
            ImapResponse response;
            try
            {
                response = await ReadResponseAsync().ConfigureAwait(false);
            }
            catch (IOException) when (bye is not null)
            {
                throw new ImapCommandFailedException(command, bye);
            }
            switch (response.Kind)
            {
                case ImapResponseKind.Tagged when response.Tag == tag:
                    return response;
                case ImapResponseKind.Tagged:
                    throw new InvalidDataException($"{command}: answer for another tag: {response}");
                case ImapResponseKind.Continuation:
                    throw new InvalidDataException($"{command}: unexpected continuation request: {response}");
                default:
                    if (response.Keyword == "BYE")
                        bye = response;
                    onUntagged?.Invoke(response);
                    break;
            }
        }
    }

    /// <summary>LOGIN with quoted strings (RFC 9051 §6.2.3), then CAPABILITY when the OK did not carry them.</summary>
    public async Task LoginAsync(string user, string password, bool refreshCapabilities)
    {
        _capabilities.Clear();
        await ExpectOkAsync($"LOGIN {Quote(user)} {Quote(password)}").ConfigureAwait(false);
        if (refreshCapabilities && _capabilities.Count == 0)
            await ExpectOkAsync("CAPABILITY").ConfigureAwait(false);
    }

    /// <summary>An IMAP quoted string (RFC 9051 §4.3): backslash and double quote escaped.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads one whole response: its lines, with the literals between them counted and skipped.</summary>
    public async ValueTask<ImapResponse> ReadResponseAsync()
    {
        var text = new StringBuilder();
        int literals = 0;
        long octets = 0;
        for (int fragment = 0; ; fragment++)
        {
            if (fragment >= MaxFragments)
                throw new InvalidDataException($"a response with more than {MaxFragments} literals");
            (int lineStart, int length) = await ReadLineAsync().ConfigureAwait(false);
            text.Append(Encoding.Latin1.GetString(_buffer, lineStart, length));
            long literal = TrailingLiteral(_buffer.AsSpan(lineStart, length));
            if (literal < 0)
                break;
            await SkipAsync(literal).ConfigureAwait(false);
            literals++;
            octets += literal;
        }
        ImapResponse response = Parse(text.ToString(), literals, octets);
        NoteCapabilities(response);
        return response;
    }

    // "… {123}" or "… ~{123}" (RFC 3516 literal8) at the end of a line: the octet count, else -1.
    private static long TrailingLiteral(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || line[^1] != (byte)'}')
            return -1;
        int open = line.LastIndexOf((byte)'{');
        if (open < 0)
            return -1;
        ReadOnlySpan<byte> digits = line[(open + 1)..^1];
        if (digits.Length > 0 && digits[^1] == (byte)'+')
            digits = digits[..^1];
        return digits.Length is > 0 and <= 12 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : -1;
    }

    private static ImapResponse Parse(string text, int literals, long octets)
    {
        if (text.StartsWith('+'))
            return new ImapResponse { Kind = ImapResponseKind.Continuation, Keyword = "", Text = text };

        string[] words = text.Split(' ', 4);
        if (words[0] == "*")
        {
            if (words.Length > 2 && long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                return new ImapResponse
                {
                    Kind = ImapResponseKind.Untagged, Number = number, Keyword = Keyword(words[2]), Text = text,
                    Literals = literals, LiteralOctets = octets,
                };
            return new ImapResponse
            {
                Kind = ImapResponseKind.Untagged, Keyword = words.Length > 1 ? Keyword(words[1]) : "", Text = text,
                Literals = literals, LiteralOctets = octets,
            };
        }
        if (words.Length < 2)
            throw new InvalidDataException($"not an IMAP response: {text}");
        return new ImapResponse
        {
            Kind = ImapResponseKind.Tagged, Tag = words[0], Keyword = Keyword(words[1]), Text = text,
            Literals = literals, LiteralOctets = octets,
        };
    }

    private static string Keyword(string word)
    {
        int paren = word.IndexOf('(', StringComparison.Ordinal);
        return (paren >= 0 ? word[..paren] : word).ToUpperInvariant();
    }

    private void NoteCapabilities(ImapResponse response)
    {
        string? list = null;
        if (response.Kind == ImapResponseKind.Untagged && response.Keyword == "CAPABILITY")
        {
            list = response.Rest;
        }
        else
        {
            int code = response.Text.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
            if (code >= 0)
            {
                int end = response.Text.IndexOf(']', code);
                list = end > code ? response.Text[(code + 12)..end] : null;
            }
        }
        if (list is null)
            return;
        _capabilities.Clear();
        foreach (string capability in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            _capabilities.Add(capability);
    }

    // One line without its CRLF, as (offset, length) in _buffer: valid until the next read.
    private async ValueTask<(int Start, int Length)> ReadLineAsync()
    {
        int searched = 0;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start + searched, _end - _start - searched);
            if (newline >= 0)
            {
                int lineStart = _start;
                int length = newline - lineStart;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                    length--;
                _start = newline + 1;
                return (lineStart, length);
            }
            searched = _end - _start;
            await FillAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                _start = _end = 0;
                await FillAsync().ConfigureAwait(false);
            }
            int take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
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
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineLength)
                throw new InvalidDataException($"the server sent a line longer than {MaxLineLength} bytes");
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 4, MaxLineLength));
        }
        int read = await TimedAsync(t => _stream.ReadAsync(_buffer.AsMemory(_end), t)).ConfigureAwait(false);
        if (read == 0)
            throw new IOException("the server closed the connection");
        _end += read;
        BytesReceived += read;
    }

    /// <summary>
    /// Lets the receive buffer shrink back to its first size when idle, so that thousands of idle connections
    /// hold little memory in the bench itself.
    /// </summary>
    public void TrimBuffer()
    {
        if (_start == _end && _buffer.Length > InitialBufferSize)
        {
            _buffer = new byte[InitialBufferSize];
            _start = _end = 0;
        }
    }

    // Runs one socket operation under the reply timeout; a fired timeout becomes TimeoutException.
    private async ValueTask<T> TimedAsync<T>(Func<CancellationToken, ValueTask<T>> operation)
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop);
        }
        _timeout.CancelAfter(_replyTimeout);
        try
        {
            return await operation(_timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {_replyTimeout.TotalSeconds:0} s");
        }
        finally
        {
            _timeout.TryReset(); // idle connections must not be cancelled by a timer that fired while nothing ran
        }
    }

    private async ValueTask TimedAsync(Func<CancellationToken, ValueTask> operation) =>
        await TimedAsync<bool>(async t =>
        {
            await operation(t).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // closing a broken connection
        }
        _socket.Dispose();
        _timeout.Dispose();
    }
}

/// <summary>Composes a command with raw literal octets into one buffer, so that it goes out in one write.</summary>
internal sealed class ImapCommandBuilder
{
    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);

    /// <summary>The composed octets.</summary>
    public ReadOnlyMemory<byte> Written => _writer.WrittenMemory;

    /// <summary>Starts again.</summary>
    public void Clear() => _writer.ResetWrittenCount();

    /// <summary>Appends text (UTF-8).</summary>
    public ImapCommandBuilder Text(string text)
    {
        Encoding.UTF8.GetBytes(text, _writer);
        return this;
    }

    /// <summary>Appends raw octets.</summary>
    public ImapCommandBuilder Octets(ReadOnlySpan<byte> octets)
    {
        _writer.Write(octets);
        return this;
    }
}
