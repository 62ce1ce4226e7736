using Microsoft.Data.Sqlite;

namespace Wren.Store.Sqlite;

/// <summary>
/// The database file <c>wren.db</c> and how every connection to it is set up. Several processes (the server
/// and the <c>wren</c> command) may open it at once: WAL lets readers run beside the one writer, and a busy
/// timeout makes a writer wait for another instead of failing.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>The database file's name in the data folder.</summary>
    public const string FileName = "wren.db";

    /// <summary>How long a statement waits for another connection's write lock (SQLite busy_timeout).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string connectionString;

    public SqliteDatabase(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens a (pooled) connection with the per-connection settings applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Synchronous <see cref="OpenAsync"/>, for the writer's own thread.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes the idle pooled connections, so that the files are released.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    // synchronous=FULL: with WAL, each commit fsyncs the log, so a committed transaction survives power loss
    // (https://sqlite.org/pragma.html#pragma_synchronous). Both settings are per connection.
    private static string ConnectionPragmas =>
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
}
