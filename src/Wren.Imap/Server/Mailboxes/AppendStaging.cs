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

    /// <summary>
    /// Adds the next octets. A failure of the temporary file (disk full) is not the APPEND's: the staging is
    /// given up, and <see cref="OpenReadAsync"/> then returns null (the summary is built later, from the store).
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Failed)
            return;
        try
        {
            if (_memory is { } memory && memory.Length + data.Length > MemoryLimit)
            {
                _file = new FileStream(Path.Combine(_directory, "wren-append-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                    FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                _memory = null;
                await _file.WriteAsync(memory.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken);
            }
            if (_memory is not null)
                _memory.Write(data.Span);
            else
                await _file!.WriteAsync(data, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await GiveUpAsync();
        }
    }

    /// <summary>True when staging failed and nothing can be read back.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// Everything written, readable and seekable from its first octet, or null when staging failed; owned by
    /// the staging (do not dispose). No more writes may follow.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (Failed)
            return null;
        if (_memory is { } memory)
            return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
        try
        {
            await _file!.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            await GiveUpAsync();
            return null;
        }
        _file.Position = 0;
        return _file;
    }

    private async ValueTask GiveUpAsync()
    {
        Failed = true;
        _memory = null;
        if (_file is not null)
        {
            try
            {
                await _file.DisposeAsync();
            }
            catch (IOException)
            {
                // Deleted on close in any case; the flush of what it buffered may fail the same way.
            }
            _file = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _memory = null;
        if (_file is not null)
            await _file.DisposeAsync();
    }
}
