using Microsoft.Data.Sqlite;

namespace Wren.Store.Tests;

/// <summary>
/// Holds a data folder's database write lock from another connection, as another process's writer would: the
/// store's writer waits in BEGIN, so everything submitted meanwhile gathers for the next batch.
/// </summary>
public sealed class WriteLockHolder : IDisposable
{
    private readonly SqliteConnection _connection;

    private WriteLockHolder(SqliteConnection connection) => _connection = connection;

    /// <summary>Takes the write lock of the database in <paramref name="folder"/>.</summary>
    public static WriteLockHolder Hold(string folder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "wren.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return new WriteLockHolder(connection);
    }

    /// <summary>Commits the empty transaction, letting the writer go on.</summary>
    public void Dispose()
    {
        using (var commit = _connection.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        _connection.Dispose();
    }
}
