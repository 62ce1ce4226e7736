using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// One raw IMAP connection of the runner: sends command bytes as given (literals included), reads responses, and
/// tracks what the scripts depend on: the number of messages the session knows (EXISTS/EXPUNGE), BYE, CAPABILITY.
/// </summary>
public sealed class ImapConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private ImapLineReader _reader;
    private readonly TranscriptRecorder? _transcript;
    private readonly int _transcriptIndex;
    private int _nextTag;

    private ImapConnection(TcpClient tcp, Stream stream, int number, TranscriptRecorder? transcript)
    {
        _tcp = tcp;
        _stream = stream;
        _reader = new ImapLineReader(stream);
        Number = number;
        _transcript = transcript;
        _transcriptIndex = transcript?.AddConnection() ?? -1;
    }

    /// <summary>The connection's number in the script, from 1; also the first part of its tags (<c>2.7</c>).</summary>
    public int Number { get; }

    /// <summary>Messages the session knows of: the last EXISTS less the EXPUNGEs since.</summary>
    public uint MessageCount { get; set; }

    /// <summary>The server sent <c>* BYE</c>.</summary>
    public bool SawBye { get; private set; }

    /// <summary>The server closed the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>The last capability list seen (<c>* CAPABILITY</c> or a <c>[CAPABILITY …]</c> code).</summary>
    public IReadOnlySet<string> Capabilities { get; private set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The greeting line.</summary>
    public ImapResponse? Greeting { get; private set; }

    /// <summary>Connects, sets up TLS as asked and reads the greeting.</summary>
    public static async Task<ImapConnection> OpenAsync(ImaptestOptions options, int number, TranscriptRecorder? transcript, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(options.Host, options.Port, cancellationToken);
            Stream stream = tcp.GetStream();
            if (options.Tls == ImapTlsMode.Implicit)
                stream = await AuthenticateTlsAsync(stream, options, cancellationToken);
            var connection = new ImapConnection(tcp, stream, number, transcript);
            connection.Greeting = await connection.ReadAsync(cancellationToken)
                ?? throw new IOException("The server closed the connection before its greeting");
            if (options.Tls == ImapTlsMode.StartTls)
                await connection.StartTlsAsync(options, cancellationToken);
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The next tag for this connection: <c>N.k</c>.</summary>
    public string NextTag() => string.Create(CultureInfo.InvariantCulture, $"{Number}.{++_nextTag}");

    /// <summary>Sends raw command bytes (Latin-1) and flushes; <paramref name="firstLine"/> names it in transcripts.</summary>
    public async Task SendAsync(string data, string firstLine, CancellationToken cancellationToken)
    {
        if (firstLine.Length > 0)
            _transcript?.Sent(_transcriptIndex, firstLine);
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(data), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next response (and updates the tracked state); null once the server closed the connection.</summary>
    public async Task<ImapResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            line = null;
        }
        if (line is null)
        {
            Closed = true;
            return null;
        }
        _transcript?.Received(_transcriptIndex, Encoding.Latin1.GetBytes(line + "\r\n"));
        var response = ImapResponse.Parse(line);
        Track(response);
        return response;
    }

    /// <summary>Sends one simple command and reads to its tagged reply; the untagged replies come back with it.</summary>
    public async Task<(ImapResponse Tagged, List<ImapResponse> Untagged)> CommandAsync(string command, CancellationToken cancellationToken)
    {
        string tag = NextTag();
        await SendAsync(tag + " " + command + "\r\n", tag + " " + command, cancellationToken);
        var untagged = new List<ImapResponse>();
        while (true)
        {
            var response = await ReadAsync(cancellationToken)
                ?? throw new IOException($"Connection {Number} closed while waiting for the reply to {command}");
            if (response.Kind == ImapResponseKind.Tagged && response.Tag == tag)
                return (response, untagged);
            untagged.Add(response);
        }
    }

    /// <summary>The status word of a tagged reply, upper case (<c>OK</c>, <c>NO</c>, <c>BAD</c>).</summary>
    public static string Status(ImapResponse tagged) => tagged.Args.Count > 0 ? tagged.Args[0].Text.ToUpperInvariant() : "";

    private void Track(ImapResponse response)
    {
        var args = response.Args;
        if (args.Count == 0)
            return;
        if (response.Kind == ImapResponseKind.Untagged && args[0].Kind == ImapArgKind.Atom)
        {
            string first = args[0].Text;
            if (first.Equals("BYE", StringComparison.OrdinalIgnoreCase))
                SawBye = true;
            else if (first.Equals("CAPABILITY", StringComparison.OrdinalIgnoreCase))
                Capabilities = new HashSet<string>(args.Skip(1).Select(a => a.Text), StringComparer.OrdinalIgnoreCase);
            else if (args.Count >= 2 && uint.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out uint n))
            {
                if (args[1].Text.Equals("EXISTS", StringComparison.OrdinalIgnoreCase))
                    MessageCount = n;
                else if (args[1].Text.Equals("EXPUNGE", StringComparison.OrdinalIgnoreCase) && MessageCount > 0)
                    MessageCount--;
            }
        }
        // A [CAPABILITY …] response code, in a greeting, a tagged LOGIN reply or an untagged OK.
        if (args.Count >= 2 && args[1].Text.StartsWith("[CAPABILITY", StringComparison.OrdinalIgnoreCase))
        {
            var caps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 2; i < args.Count; i++)
            {
                string text = args[i].Text;
                bool last = text.EndsWith(']');
                if (last)
                    text = text[..^1];
                if (text.Length > 0)
                    caps.Add(text);
                if (last)
                    break;
            }
            Capabilities = caps;
        }
    }

    private async Task StartTlsAsync(ImaptestOptions options, CancellationToken cancellationToken)
    {
        var (tagged, _) = await CommandAsync("STARTTLS", cancellationToken);
        if (Status(tagged) != "OK")
            throw new IOException("STARTTLS refused: " + tagged);
        _stream = await AuthenticateTlsAsync(_stream, options, cancellationToken);
        _reader = new ImapLineReader(_stream);
    }

    private static async Task<Stream> AuthenticateTlsAsync(Stream stream, ImaptestOptions options, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, false, (_, _, _, errors) => !options.VerifyCertificate || errors == SslPolicyErrors.None);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, cancellationToken);
        return ssl;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
