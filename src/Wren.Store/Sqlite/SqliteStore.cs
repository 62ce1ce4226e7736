using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Store.Accounts;
using Wren.Store.Blobs;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>
/// The embedded store: one data folder holding <c>wren.db</c> (SQLite in WAL mode, synchronous=FULL, foreign
/// keys on) and <c>blobs/</c> (message files too large to keep inside the database). Several processes, such
/// as the running server and the <c>wren</c> command, may open the same folder at once.
/// </summary>
public sealed class SqliteStore : IAsyncDisposable
{
    /// <summary>The folder under the data folder that holds large message files.</summary>
    public const string BlobFolderName = "blobs";

    private readonly SqliteDatabase database;
    private readonly GroupCommitWriter writer;
    private readonly DataFolderLock folderLock;
    private int disposed;

    private SqliteStore(string dataDirectory, SqliteDatabase database, BlobDirectory blobs, DataFolderLock folderLock,
        TimeProvider time, ILoggerFactory loggerFactory)
    {
        DataDirectory = dataDirectory;
        this.database = database;
        this.folderLock = folderLock;
        var feed = new InProcessChangeFeed(loggerFactory.CreateLogger<InProcessChangeFeed>());
        var settings = new StoreSettings();
        writer = new GroupCommitWriter(database, blobs, feed, settings, time, loggerFactory.CreateLogger<GroupCommitWriter>());
        Accounts = new SqliteAccountStore(database, blobs, time, loggerFactory.CreateLogger<SqliteAccountStore>());
        var mail = new SqliteMailStore(database, blobs, writer, feed);
        Mail = mail;
        Mailboxes = new SqliteMailboxStore(database, mail, writer, feed, settings);
        Queue = new SqliteQueueStore(database, mail, writer);
    }

    /// <summary>The data folder (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>Domains, users, aliases and credentials.</summary>
    public IAccountStore Accounts { get; }

    /// <summary>Mailboxes, messages and the change feed; commits that queue mail for other domains.</summary>
    public IMailStore Mail { get; }

    /// <summary>Mailboxes and messages as an IMAP server works on them (flags, copies, expunges, quota…).</summary>
    public IMailboxStore Mailboxes { get; }

    /// <summary>The outbound queue's entries and their delivery state.</summary>
    public IQueueStore Queue { get; }

    /// <summary>Write transactions the group-commit writer has committed (each is one WAL fsync), for tests.</summary>
    internal long WriterTransactions => writer.Transactions;

    /// <summary>Jobs waiting for the writer, not yet in a batch (for tests).</summary>
    internal int WriterQueueLength => writer.QueueLength;

    /// <summary>
    /// Opens the store in <paramref name="dataDirectory"/>, creating the folder, the database and its schema
    /// when missing and migrating an older schema. When no other process has the folder open, blob files
    /// left by a crash before their commit are deleted.
    /// </summary>
    /// <param name="dataDirectory">The data folder.</param>
    /// <param name="loggerFactory">Where to log; nowhere when null.</param>
    /// <param name="timeProvider">The clock for timestamps; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static async Task<SqliteStore> OpenAsync(string dataDirectory, ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        loggerFactory ??= NullLoggerFactory.Instance;
        timeProvider ??= TimeProvider.System;
        var logger = loggerFactory.CreateLogger<SqliteStore>();

        string root = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            DirectorySync.Flush(Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? root);
        }
        var blobs = BlobDirectory.Open(Path.Combine(root, BlobFolderName));
        var database = new SqliteDatabase(root);
        int found;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
            found = await SqliteSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        if (found == 0)
            DirectorySync.Flush(root); // the new database file's name (SQLite syncs the WAL's itself)

        var (folderLock, alone) = await DataFolderLock.AcquireAsync(root, () =>
        {
            int deleted = DeleteOrphans(database, blobs);
            if (deleted > 0)
                StoreLog.OrphansDeleted(logger, deleted);
        }, cancellationToken).ConfigureAwait(false);
        if (!alone)
            StoreLog.OrphanSweepSkipped(logger);
        StoreLog.Opened(logger, root, SqliteSchema.CurrentVersion, found);
        return new SqliteStore(root, database, blobs, folderLock, timeProvider, loggerFactory);
    }

    /// <summary>Finishes the commits already handed in, then closes the database and releases the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        await writer.DisposeAsync().ConfigureAwait(false);
        database.ClearPool();
        folderLock.Dispose();
    }

    // A blob file that no row names was created for a message whose commit never happened.
    private static int DeleteOrphans(SqliteDatabase database, BlobDirectory blobs)
    {
        using var connection = database.Open();
        using var lookup = connection.Command(null, "SELECT 1 FROM blobs WHERE path = $path", ("$path", ""));
        return blobs.DeleteOrphans(path =>
        {
            lookup.Parameters["$path"].Value = path;
            return lookup.ExecuteScalar() is not null;
        });
    }
}
