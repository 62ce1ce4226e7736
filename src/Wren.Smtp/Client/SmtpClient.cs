using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>
/// An SMTP client session (RFC 5321) for submission and for delivery to remote MX hosts: EHLO with HELO
/// fallback, STARTTLS or implicit TLS, AUTH, and any number of mail transactions with PIPELINING, SIZE,
/// 8BITMIME, SMTPUTF8, CHUNKING/BINARYMIME and DSN when the server offers them. Content is streamed in
/// bounded buffers. Server refusals of MAIL, RCPT and DATA are results; anything that ends the session is an
/// <see cref="SmtpClientException"/>. Not safe for concurrent use: one command sequence at a time.
/// </summary>
public sealed partial class SmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan DisposeQuitTimeout = TimeSpan.FromSeconds(5);

    private readonly SmtpClientOptions _options;
    private readonly string _serverName;
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private Stream _stream;
    private SslStream? _tls;
    private SmtpReplyReader _reader;
    private bool _broken;
    private bool _closed;

    private SmtpClient(Socket socket, string serverName, SmtpClientOptions options)
    {
        _socket = socket;
        _serverName = serverName;
        _options = options;
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        _reader = NewReader(_network);
    }

    /// <summary>The server's 220 greeting.</summary>
    public SmtpReply Greeting { get; private set; } = null!;

    /// <summary>What the last EHLO announced (after STARTTLS, the second EHLO); <see cref="SmtpCapabilities.None"/> after HELO.</summary>
    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.None;

    /// <summary>True once TLS is active.</summary>
    public bool IsEncrypted => _tls is not null;

    /// <summary>The negotiated TLS version, or null in plaintext.</summary>
    public SslProtocols? TlsProtocol => _tls?.SslProtocol;

    /// <summary>The negotiated cipher suite (IANA name), or null in plaintext.</summary>
    public string? TlsCipherSuite => _tls?.NegotiatedCipherSuite.ToString();

    /// <summary>The server's certificate, or null in plaintext.</summary>
    public X509Certificate2? RemoteCertificate { get; private set; }

    /// <summary>True after a successful <see cref="AuthenticateAsync"/>.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The server's address and port.</summary>
    public IPEndPoint RemoteEndPoint => (IPEndPoint)_socket.RemoteEndPoint!;

    /// <summary>The name TLS checks the certificate against (and sends with SNI).</summary>
    public string ServerName => _serverName;

    /// <summary>
    /// Connects to <paramref name="host"/> (a name, resolved and tried address by address, or an IP literal), reads
    /// the greeting, says EHLO and applies the TLS policy of <paramref name="options"/>.
    /// </summary>
    /// <exception cref="SmtpClientException">No connection, a refused greeting or EHLO, or a TLS failure.</exception>
    public static async Task<SmtpClient> ConnectAsync(string host, int port, SmtpClientOptions options, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(options);
        string bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out IPAddress? literal))
            return await ConnectAsync(literal, port, options.TlsServerName ?? bare, options, ct).ConfigureAwait(false);

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new SmtpClientException($"cannot resolve {host}: {e.Message}", SmtpClientStep.Connect, innerException: e);
        }
        Socket socket = await ConnectSocketAsync(addresses, port, host, options, ct).ConfigureAwait(false);
        return await StartAsync(socket, options.TlsServerName ?? host, options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects to one address (as MX delivery does, having resolved and ordered the addresses itself), then as
    /// <see cref="ConnectAsync(string, int, SmtpClientOptions, CancellationToken)"/>.
    /// </summary>
    /// <param name="address">The server's address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="serverName">The name to check the certificate against (the MX host name); by default the address.
    /// <see cref="SmtpClientOptions.TlsServerName"/> overrides it.</param>
    /// <param name="options">Policy and timeouts.</param>
    /// <param name="ct">Cancels the whole connection setup.</param>
    /// <exception cref="SmtpClientException">No connection, a refused greeting or EHLO, or a TLS failure.</exception>
    public static async Task<SmtpClient> ConnectAsync(IPAddress address, int port, string? serverName, SmtpClientOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        Socket socket = await ConnectSocketAsync([address], port, address.ToString(), options, ct).ConfigureAwait(false);
        return await StartAsync(socket, options.TlsServerName ?? serverName ?? address.ToString(), options, ct).ConfigureAwait(false);
    }

    private static async Task<Socket> ConnectSocketAsync(IPAddress[] addresses, int port, string host, SmtpClientOptions options, CancellationToken ct)
    {
        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            if (options.LocalEndPoint is { } local && local.AddressFamily != address.AddressFamily)
                continue;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (options.LocalEndPoint is { } bind)
                    socket.Bind(bind);
                await WithTimeoutAsync(t => socket.ConnectAsync(new IPEndPoint(address, port), t).AsTask(), options.ConnectTimeout, options.Time, ct)
                    .ConfigureAwait(false);
                return socket;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        string why = last switch
        {
            null => "no address to connect to" + (options.LocalEndPoint is null ? "" : " in the local address's family"),
            TimeoutException => $"no answer within {options.ConnectTimeout}",
            _ => last.Message,
        };
        throw new SmtpClientException($"cannot connect to {host} port {port}: {why}", SmtpClientStep.Connect, innerException: last);
    }

    private static async Task<SmtpClient> StartAsync(Socket socket, string serverName, SmtpClientOptions options, CancellationToken ct)
    {
        var client = new SmtpClient(socket, serverName, options);
        try
        {
            await client.OpenSessionAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.CloseTransportAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task OpenSessionAsync(CancellationToken ct)
    {
        // RFC 8314 §3: implicit TLS starts the handshake before any SMTP.
        if (_options.Tls == SmtpTlsMode.Implicit)
            await HandshakeAsync(ct).ConfigureAwait(false);

        // RFC 5321 §3.1 / §4.5.3.2.1: the greeting; 554 means no service here.
        Greeting = await ReadReplyAsync(SmtpClientStep.Greeting, _options.GreetingTimeout, ct).ConfigureAwait(false);
        if (Greeting.Code != 220)
        {
            await TryQuitAsync().ConfigureAwait(false);
            throw new SmtpClientException($"the server refused the session: {Greeting}", SmtpClientStep.Greeting, Greeting);
        }

        await HelloAsync(ct).ConfigureAwait(false);

        if (_options.Tls is SmtpTlsMode.Opportunistic or SmtpTlsMode.StartTls && !IsEncrypted)
        {
            if (!Capabilities.StartTls)
            {
                if (_options.Tls == SmtpTlsMode.StartTls)
                    throw new SmtpClientException($"{_serverName} does not offer STARTTLS, and TLS is required", SmtpClientStep.Tls);
                return;
            }
            SmtpReply reply = await CommandAsync("STARTTLS", SmtpClientStep.Tls, _options.CommandTimeout, ct).ConfigureAwait(false);
            if (reply.Code != 220)
            {
                // RFC 3207 §4: after a refusal the client may go on without TLS, or give up.
                if (_options.Tls == SmtpTlsMode.StartTls)
                    throw new SmtpClientException($"the server refused STARTTLS: {reply}", SmtpClientStep.Tls, reply);
                return;
            }
            if (_reader.HasBufferedData)
            {
                // Anything after the 220 came before the handshake, unprotected: a man in the middle could have
                // injected replies that would otherwise be read as if sent under TLS.
                MarkBroken();
                throw new SmtpClientException("the server sent data after its 220 to STARTTLS (possible injection)", SmtpClientStep.Tls);
            }
            await HandshakeAsync(ct).ConfigureAwait(false);

            // RFC 3207 §4.2: discard everything learned before TLS and start over with EHLO.
            Capabilities = SmtpCapabilities.None;
            await HelloAsync(ct).ConfigureAwait(false);
        }
    }

    // RFC 5321 §4.1.1.1 and §3.2: EHLO; a server that does not know it answers 5xx, then HELO (no extensions).
    private async Task HelloAsync(CancellationToken ct)
    {
        SmtpReply reply = await CommandAsync("EHLO " + _options.LocalHostName, SmtpClientStep.Ehlo, _options.CommandTimeout, ct, enhanced: false)
            .ConfigureAwait(false);
        if (reply.Code == 250)
        {
            Capabilities = SmtpCapabilities.Parse(reply);
            return;
        }
        if (reply.Code is >= 500 and < 600)
        {
            reply = await CommandAsync("HELO " + _options.LocalHostName, SmtpClientStep.Ehlo, _options.CommandTimeout, ct, enhanced: false)
                .ConfigureAwait(false);
            if (reply.Code == 250)
            {
                Capabilities = SmtpCapabilities.None;
                return;
            }
        }
        throw new SmtpClientException($"the server refused EHLO/HELO: {reply}", SmtpClientStep.Ehlo, reply);
    }

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var tls = new SslStream(_network, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = _serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13, // RFC 8996: no TLS 1.0/1.1
            RemoteCertificateValidationCallback = _options.CertificateValidation,
            AllowRenegotiation = false,
        };
        try
        {
            await WithTimeoutAsync(t => tls.AuthenticateAsClientAsync(authentication, t), _options.TlsHandshakeTimeout, _options.Time, ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or TimeoutException or SocketException)
        {
            MarkBroken();
            await tls.DisposeAsync().ConfigureAwait(false);
            string why = e is TimeoutException ? $"no handshake within {_options.TlsHandshakeTimeout}" : e.Message;
            throw new SmtpClientException($"TLS handshake with {_serverName} failed: {why}", SmtpClientStep.Tls, innerException: e);
        }
        _tls = tls;
        _stream = tls;
        _reader = NewReader(tls);
        RemoteCertificate = tls.RemoteCertificate switch
        {
            null => null,
            X509Certificate2 c2 => c2,
            var c => new X509Certificate2(c),
        };
    }

    /// <summary>RSET: abandons any transaction in progress (RFC 5321 §4.1.1.5).</summary>
    /// <exception cref="SmtpClientException">The server refused it, or the connection failed.</exception>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        ThrowIfUnusable();
        SmtpReply reply = await CommandAsync("RSET", SmtpClientStep.Reset, _options.CommandTimeout, ct).ConfigureAwait(false);
        if (reply.Code != 250)
            throw new SmtpClientException($"the server refused RSET: {reply}", SmtpClientStep.Reset, reply);
    }

    /// <summary>QUIT (RFC 5321 §4.1.1.10), then closes the connection. A server that closes without its 221 is no error.</summary>
    /// <exception cref="SmtpClientException">The server did not answer in time, or answered with something else than 221.</exception>
    public async Task QuitAsync(CancellationToken ct = default)
    {
        if (_closed)
            return;
        try
        {
            if (_broken)
                return;
            SmtpReply reply;
            try
            {
                reply = await CommandAsync("QUIT", SmtpClientStep.Quit, _options.CommandTimeout, ct).ConfigureAwait(false);
            }
            catch (SmtpClientException e) when (e.InnerException is EndOfStreamException)
            {
                return;
            }
            if (reply.Code != 221)
                throw new SmtpClientException($"unexpected reply to QUIT: {reply}", SmtpClientStep.Quit, reply);
        }
        finally
        {
            await CloseTransportAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Says QUIT when the session is still usable (waiting a few seconds at most), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
            return;
        await TryQuitAsync().ConfigureAwait(false);
        await CloseTransportAsync().ConfigureAwait(false);
    }

    private async Task TryQuitAsync()
    {
        if (_broken || _closed)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(DisposeQuitTimeout, _options.Time);
            await WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), SmtpClientStep.Quit, DisposeQuitTimeout, timeout.Token).ConfigureAwait(false);
            await ReadReplyAsync(SmtpClientStep.Quit, DisposeQuitTimeout, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmtpClientException or OperationCanceledException)
        {
            // Best effort: the session is over either way.
        }
    }

    private async Task CloseTransportAsync()
    {
        if (_closed)
            return;
        _closed = true;
        _broken = true;
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            await _network.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Closing a dead connection.
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_broken)
            throw new InvalidOperationException("The SMTP session failed earlier; connect again.");
    }

    private void MarkBroken() => _broken = true;

    private SmtpReplyReader NewReader(Stream stream) => new(stream, _options.MaxReplyLineLength, _options.MaxReplyLines);

    private bool EnhancedCodes => Capabilities.EnhancedStatusCodes;

    // One command line, one reply.
    private async Task<SmtpReply> CommandAsync(string line, SmtpClientStep step, TimeSpan timeout, CancellationToken ct, bool? enhanced = null)
    {
        await WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), step, timeout, ct).ConfigureAwait(false);
        return await ReadReplyAsync(step, timeout, ct, enhanced).ConfigureAwait(false);
    }

    private async Task<SmtpReply> ReadReplyAsync(SmtpClientStep step, TimeSpan timeout, CancellationToken ct, bool? enhanced = null)
    {
        try
        {
            bool useEnhanced = enhanced ?? EnhancedCodes;
            return await WithTimeoutAsync(t => _reader.ReadAsync(useEnhanced, t).AsTask(), timeout, _options.Time, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            throw TransportFailure(step, e, timeout);
        }
        catch (OperationCanceledException)
        {
            MarkBroken(); // a half-read reply leaves the session out of step
            throw;
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, SmtpClientStep step, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await WithTimeoutAsync((Func<CancellationToken, Task>)(async t =>
            {
                await _stream.WriteAsync(bytes, t).ConfigureAwait(false);
                await _stream.FlushAsync(t).ConfigureAwait(false);
            }), timeout, _options.Time, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            throw TransportFailure(step, e, timeout);
        }
        catch (OperationCanceledException)
        {
            MarkBroken();
            throw;
        }
    }

    private static bool IsTransportFailure(Exception e, CancellationToken ct) =>
        e is IOException or SocketException or TimeoutException or ObjectDisposedException or AuthenticationException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private SmtpClientException TransportFailure(SmtpClientStep step, Exception e, TimeSpan timeout)
    {
        MarkBroken();
        string what = e switch
        {
            TimeoutException => $"no answer from the server within {timeout}",
            EndOfStreamException => "the server closed the connection",
            InvalidDataException => "malformed reply from the server: " + e.Message,
            _ => "connection lost: " + e.Message,
        };
        return new SmtpClientException($"{StepName(step)}: {what}", step, innerException: e);
    }

    internal static string StepName(SmtpClientStep step) => step switch
    {
        SmtpClientStep.Connect => "connect",
        SmtpClientStep.Tls => "TLS",
        SmtpClientStep.Greeting => "greeting",
        SmtpClientStep.Ehlo => "EHLO",
        SmtpClientStep.Authentication => "AUTH",
        SmtpClientStep.MailFrom => "MAIL FROM",
        SmtpClientStep.RcptTo => "RCPT TO",
        SmtpClientStep.Data => "DATA",
        SmtpClientStep.Quit => "QUIT",
        SmtpClientStep.Reset => "RSET",
        _ => step.ToString(),
    };

    // Runs one network operation under a deadline on the options' clock; its expiry becomes a TimeoutException.
    private static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await operation(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {timeout}");
        }
    }

    private static Task WithTimeoutAsync(Func<CancellationToken, Task> operation, TimeSpan timeout, TimeProvider time, CancellationToken ct) =>
        WithTimeoutAsync(async t =>
        {
            await operation(t).ConfigureAwait(false);
            return true;
        }, timeout, time, ct);
}
