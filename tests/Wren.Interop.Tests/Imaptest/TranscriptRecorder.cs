using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Records what a server sent on each connection, split at every command the runner sent: the format of the
/// replay fixtures (see <see cref="ReplayServer"/>). A section starts with <c>#= connection N</c>; a marker line
/// <c>#&gt; tag command</c> names each command sent; the server's bytes follow exactly as received.
/// </summary>
public sealed class TranscriptRecorder
{
    private readonly List<MemoryStream> _connections = [];

    /// <summary>A new connection's log; returns its index.</summary>
    public int AddConnection()
    {
        lock (_connections)
        {
            _connections.Add(new MemoryStream());
            return _connections.Count - 1;
        }
    }

    /// <summary>Notes that the runner sent a command on <paramref name="connection"/> (its first line).</summary>
    public void Sent(int connection, string firstLine)
    {
        var ms = _connections[connection];
        if (ms.Length > 0 && ms.GetBuffer()[ms.Length - 1] != '\n')
            ms.Write("\r\n"u8);
        ms.Write(Encoding.Latin1.GetBytes("#> " + firstLine + "\n"));
    }

    /// <summary>Appends bytes the server sent on <paramref name="connection"/>.</summary>
    public void Received(int connection, ReadOnlySpan<byte> bytes) => _connections[connection].Write(bytes);

    /// <summary>The transcript: every connection's section in order.</summary>
    public byte[] ToBytes()
    {
        var all = new MemoryStream();
        for (int i = 0; i < _connections.Count; i++)
        {
            all.Write(Encoding.Latin1.GetBytes($"#= connection {i + 1}\n"));
            var bytes = _connections[i].ToArray();
            all.Write(bytes);
            if (bytes.Length > 0 && bytes[^1] != '\n')
                all.Write("\n"u8);
        }
        return all.ToArray();
    }
}
