namespace Wren.Imap.Server.Mailboxes;

/// <summary>
/// A second, readable copy of an APPEND message while it is spooled: the store's spool is write-only, and the
/// message summary (ENVELOPE, BODYSTRUCTURE) is built from a seekable stream. Small messages stay in memory;
/// larger ones go to an anonymous temporary file (deleted on close), so memory stays bounded whatever the size.
/// </summary>
internal sealed class AppendStaging : IAsyncDisposable
{
    /// <summary>Messages up to this size are staged in memory.</summary>
    public const int MemoryLimit = 256 * 1024;

    private readonly string _directory;
    private MemoryStream? _memory = new();
    private FileStream? _file;

    /// <summary>Stages in memory, then in a file in <paramref name="directory"/> (the system's temporary folder by default).</summary>
    public AppendStaging(string? directory = null) => _directory = directory ?? Path.GetTempPath();

    /// <summary>True once the content went to a file.</summary>
    public bool InFile => _file is not null;

    /// <summary>Adds the next octets.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_memory is { } memory && memory.Length + data.Length > MemoryLimit)
        {
            _file = new FileStream(Path.Combine(_directory, "wren-append-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await _file.WriteAsync(memory.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken);
            _memory = null;
        }
        if (_memory is not null)
            _memory.Write(data.Span);
        else
            await _file!.WriteAsync(data, cancellationToken);
    }

    /// <summary>
    /// Everything written, readable and seekable from its first octet; owned by the staging (do not dispose).
    /// No more writes may follow.
    /// </summary>
    public async Task<Stream> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (_memory is { } memory)
            return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
        await _file!.FlushAsync(cancellationToken);
        _file.Position = 0;
        return _file;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _memory = null;
        if (_file is not null)
            await _file.DisposeAsync();
    }
}
