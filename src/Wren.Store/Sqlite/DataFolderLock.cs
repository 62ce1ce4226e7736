namespace Wren.Store.Sqlite;

/// <summary>
/// Tells whether this process is the only one using the data folder. Every open store holds a shared lock on
/// <c>wren.lock</c> (flock(2) through <see cref="FileShare"/> on Unix, share modes on Windows). A store that
/// can take the lock exclusively while opening knows nobody else has a spool file in progress, and only then
/// deletes orphaned blob files; otherwise it leaves them for a later start. (With .NET's file locking
/// turned off, DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1, every store believes it is alone: do not set it.)
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    /// <summary>The lock file's name in the data folder.</summary>
    public const string FileName = "wren.lock";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly FileStream shared;

    private DataFolderLock(FileStream shared)
    {
        this.shared = shared;
    }

    /// <summary>
    /// Runs <paramref name="whenAlone"/> when no other process uses the folder, then takes the shared lock that
    /// tells others this process is here. Returns whether <paramref name="whenAlone"/> ran.
    /// </summary>
    public static async Task<(DataFolderLock Lock, bool WasAlone)> AcquireAsync(string dataDirectory, Action whenAlone,
        CancellationToken cancellationToken)
    {
        string path = Path.Combine(dataDirectory, FileName);
        bool alone = false;
        FileStream? exclusive = TryOpen(path, FileShare.None);
        if (exclusive is not null)
        {
            using (exclusive)
                whenAlone();
            alone = true;
        }
        // Another process may hold the lock exclusively for its own start-up sweep; that takes moments.
        var waited = TimeSpan.Zero;
        while (true)
        {
            FileStream? shared = TryOpen(path, FileShare.ReadWrite);
            if (shared is not null)
                return (new DataFolderLock(shared), alone);
            if (waited >= MaxWait)
                throw new IOException($"The data folder lock {path} stays taken by another process.");
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            waited += RetryDelay;
        }
    }

    public void Dispose() => shared.Dispose();

    private static FileStream? TryOpen(string path, FileShare share)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // held by another process in a conflicting mode
        }
    }
}
