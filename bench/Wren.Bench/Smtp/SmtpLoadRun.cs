using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.Bench.Smtp;

/// <summary>
/// One load run: <see cref="SmtpLoadOptions.Connections"/> concurrent sessions share
/// <see cref="SmtpLoadOptions.Messages"/> messages. By default each message gets its own connection
/// (greeting, EHLO, MAIL, RCPT, DATA, QUIT), as <c>smtp-source</c> does; with
/// <see cref="SmtpLoadOptions.Reuse"/> a session keeps its connection and sends its messages as consecutive
/// transactions (RFC 5321 §3.3: a new MAIL may follow a completed DATA without RSET).
/// </summary>
internal sealed class SmtpLoadRun
{
    private const string HeloName = "wren-bench.localdomain";

    private readonly SmtpLoadOptions _options;
    private readonly EndPoint _endPoint;
    private readonly TestMessage _message;
    private readonly LoadStatistics _statistics;
    private readonly byte[] _ehlo = Ascii($"EHLO {HeloName}\r\n");
    private readonly byte[] _mailFrom;
    private readonly byte[] _rcptTo;
    private readonly byte[] _data = Ascii("DATA\r\n");
    private readonly byte[] _rset = Ascii("RSET\r\n");
    private readonly byte[] _quit = Ascii("QUIT\r\n");
    private int _nextMessage = -1;

    private SmtpLoadRun(SmtpLoadOptions options, EndPoint endPoint)
    {
        _options = options;
        _endPoint = endPoint;
        _message = TestMessage.Create(options.From, options.To, options.Size);
        _statistics = new LoadStatistics(options.Messages);
        _mailFrom = Ascii($"MAIL FROM:<{options.From}>\r\n");
        _rcptTo = Ascii($"RCPT TO:<{options.To}>\r\n");
    }

    /// <summary>Resolves the server's address and prepares the run.</summary>
    public static async Task<SmtpLoadRun> CreateAsync(SmtpLoadOptions options, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(options.Host, out IPAddress? address))
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(options.Host, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
        }
        return new SmtpLoadRun(options, new IPEndPoint(address, options.Port));
    }

    /// <summary>The size of each message actually sent.</summary>
    public int MessageSize => _message.Size;

    /// <summary>Sends every message (or stops early when <paramref name="cancellationToken"/> fires) and returns the statistics and the elapsed time.</summary>
    public async Task<(LoadStatistics Statistics, TimeSpan Elapsed)> RunAsync(CancellationToken cancellationToken)
    {
        int sessions = Math.Min(_options.Connections, _options.Messages);
        long start = Stopwatch.GetTimestamp();
        var workers = new Task[sessions];
        for (int i = 0; i < sessions; i++)
            workers[i] = Task.Run(() => SessionAsync(cancellationToken), CancellationToken.None);
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (_statistics, Stopwatch.GetElapsedTime(start));
    }

    // One concurrent session: takes the next message number until none is left.
    private async Task SessionAsync(CancellationToken cancellationToken)
    {
        byte[] message = _message.NewBuffer();
        BenchSmtpConnection? connection = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int index = Interlocked.Increment(ref _nextMessage);
                if (index >= _options.Messages)
                    break;
                _message.Stamp(message, index);
                try
                {
                    connection ??= await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
                    bool keep = connection is not null && await TransactionAsync(connection, message, index).ConfigureAwait(false);
                    if (connection is not null && (!keep || !_options.Reuse))
                    {
                        if (keep)
                            await QuitAsync(connection).ConfigureAwait(false);
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or InvalidDataException or OperationCanceledException)
                {
                    if (cancellationToken.IsCancellationRequested)
                        break;
                    _statistics.RecordFailed(Classify(e, connection));
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }
            }
            if (connection is not null)
                await QuitAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Connect, greeting, EHLO; null (with the refusal recorded) when the server turns the session down.
    private async Task<BenchSmtpConnection?> OpenSessionAsync(CancellationToken cancellationToken)
    {
        BenchSmtpConnection connection;
        try
        {
            connection = await BenchSmtpConnection.ConnectAsync(_endPoint, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            _statistics.RecordFailed("connect");
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _statistics.RecordFailed("connect");
            return null;
        }

        try
        {
            int greeting = await connection.ReadReplyAsync().ConfigureAwait(false);
            int ehlo = greeting == 220 ? await connection.SendAsync(_ehlo).ConfigureAwait(false) : greeting;
            if (ehlo == 250)
                return connection;
            _statistics.RecordRefused(ehlo);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // MAIL, RCPT, DATA, the message. Returns whether the connection is still usable for another transaction.
    private async Task<bool> TransactionAsync(BenchSmtpConnection connection, byte[] message, int index)
    {
        long start = Stopwatch.GetTimestamp();
        int code = await connection.SendAsync(_mailFrom).ConfigureAwait(false);
        if (code / 100 == 2)
            code = await connection.SendAsync(_rcptTo).ConfigureAwait(false);
        if (code / 100 == 2)
            code = await connection.SendAsync(_data).ConfigureAwait(false);
        if (code == 354)
            code = await connection.SendAsync(message).ConfigureAwait(false);
        else if (code / 100 == 2)
            code = -code; // DATA must answer 354 (RFC 5321 §4.3.2); anything else is a protocol error below

        if (code / 100 == 2)
        {
            _statistics.RecordAccepted(index, start);
            return true;
        }

        if (code < 0)
        {
            _statistics.RecordFailed("protocol");
            return false;
        }
        _statistics.RecordRefused(code);
        // RFC 5321 §3.8: 421 means the server is closing the channel. Otherwise reset and go on.
        return code != 421 && await connection.SendAsync(_rset).ConfigureAwait(false) == 250;
    }

    private async Task QuitAsync(BenchSmtpConnection connection)
    {
        try
        {
            await connection.SendAsync(_quit).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or OperationCanceledException)
        {
            // The message is already accepted; a server that drops the line on QUIT costs nothing here.
        }
    }

    private static string Classify(Exception e, BenchSmtpConnection? connection) => e switch
    {
        OperationCanceledException => "timeout",
        InvalidDataException => "protocol",
        _ when connection is null => "connect",
        _ => "io",
    };

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
