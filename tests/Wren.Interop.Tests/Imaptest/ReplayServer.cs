using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// A loopback IMAP "server" that replays a transcript recorded by <see cref="TranscriptRecorder"/> from a real server:
/// the n-th accepted connection gets the transcript's n-th section; it sends the greeting, then, for every command the
/// client sends, checks it is the one recorded (<c>#&gt;</c> line) and sends what the real server answered. A client
/// that diverges gets the connection closed and the divergence in <see cref="Errors"/>.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<List<(string? Command, byte[] Reply)>> _connections;
    private readonly List<Task> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    /// <summary>Starts replaying <paramref name="transcript"/> (the bytes of a <c>.transcript</c> file).</summary>
    public ReplayServer(byte[] transcript)
    {
        _connections = ParseTranscript(Encoding.Latin1.GetString(transcript));
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>A transcript line that makes the server close the connection there (to test disconnections).</summary>
    public const string CloseMarker = "#!close";

    /// <summary>The port to connect to on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Where the client diverged from the transcript (empty when it did not).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Splits a transcript into sections, and each section into the greeting and (command, reply bytes) steps.</summary>
    public static List<List<(string? Command, byte[] Reply)>> ParseTranscript(string text)
    {
        var connections = new List<List<(string?, byte[])>>();
        List<(string?, byte[])>? steps = null;
        string? command = null;
        var reply = new StringBuilder();
        void Flush()
        {
            steps?.Add((command, Encoding.Latin1.GetBytes(reply.ToString())));
            reply.Clear();
        }
        int pos = 0;
        while (pos < text.Length)
        {
            int lf = text.IndexOf('\n', pos);
            int end = lf < 0 ? text.Length : lf + 1;
            string line = text[pos..end];
            pos = end;
            if (line.StartsWith("#= connection ", StringComparison.Ordinal))
            {
                Flush();
                steps = [];
                connections.Add(steps);
                command = null;
                continue;
            }
            if (line.StartsWith(CloseMarker, StringComparison.Ordinal))
            {
                Flush();
                command = CloseMarker;
                continue;
            }
            if (line.StartsWith("#> ", StringComparison.Ordinal))
            {
                Flush();
                command = line[3..].TrimEnd('\n');
                continue;
            }
            reply.Append(line);
        }
        Flush();
        return connections;
    }

    private async Task AcceptAsync()
    {
        try
        {
            for (int n = 0; ; n++)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var steps = n < _connections.Count ? _connections[n] : [];
                lock (_sessions)
                    _sessions.Add(ServeAsync(client, steps, n + 1));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client, List<(string? Command, byte[] Reply)> steps, int number)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            foreach (var (expected, reply) in steps)
            {
                if (expected == CloseMarker)
                    return;
                if (expected is not null)
                {
                    string? received = await ReadCommandAsync(stream, _stop.Token);
                    if (received != expected)
                    {
                        lock (Errors)
                            Errors.Add($"connection {number}: expected command '{expected}', got '{received ?? "(closed)"}'");
                        return;
                    }
                }
                await stream.WriteAsync(reply, _stop.Token);
            }
            // Stay open until the client closes (its LOGOUT reply was the last step).
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
        }
    }

    /// <summary>Reads one command (literals included) and describes it as the transcript does: literals as <c>{n}</c>.</summary>
    private static async Task<string?> ReadCommandAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var description = new StringBuilder();
        while (true)
        {
            string? line = await ReadLineAsync(stream, cancellationToken);
            if (line is null)
                return null;
            var m = System.Text.RegularExpressions.Regex.Match(line, @"(~?)\{(\d+)(\+?)\}$");
            if (!m.Success)
                return description.Append(line).ToString();
            description.Append(line.AsSpan(0, m.Index)).Append(m.Groups[1].Value).Append('{').Append(m.Groups[2].Value).Append('}');
            if (m.Groups[3].Length == 0)
                await stream.WriteAsync("+ OK\r\n"u8.ToArray(), cancellationToken);
            int size = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var literal = new byte[size];
            await stream.ReadExactlyAsync(literal, cancellationToken);
        }
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                return null;
            if (one[0] == '\n')
                break;
            bytes.Add(one[0]);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r')
            bytes.RemoveAt(bytes.Count - 1);
        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] sessions;
        lock (_sessions)
            sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _stop.Dispose();
    }
}
