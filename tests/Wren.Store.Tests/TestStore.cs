using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

/// <summary>A temporary data folder with helpers to open stores on it; deleted when disposed.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly List<SqliteStore> opened = [];

    public TestStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "wren-store-tests", Guid.NewGuid().ToString("N"));
    }

    public string Folder { get; }

    public string BlobFolder => Path.Combine(Folder, SqliteStore.BlobFolderName);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Opens (another) store on the folder; it is disposed with this object unless disposed before.</summary>
    public async Task<SqliteStore> OpenAsync()
    {
        var store = await SqliteStore.OpenAsync(Folder, timeProvider: Time);
        opened.Add(store);
        return store;
    }

    /// <summary>Every file under blobs/, as relative paths.</summary>
    public IReadOnlyList<string> BlobFiles() =>
        Directory.Exists(BlobFolder)
            ? Directory.EnumerateFiles(BlobFolder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(BlobFolder, f).Replace('\\', '/')).Order().ToList()
            : [];

    /// <summary>Runs a scalar query straight on the database file (for checks the API does not expose).</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "wren.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement straight on the database file.</summary>
    public void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "wren.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in opened)
            await store.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    public static UserCredential Credential() =>
        new(RandomNumberGenerator.GetBytes(16), 4096, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    /// <summary>Adds the domain (if needed) and a user.</summary>
    public static async Task<UserAccount> AddUserAsync(SqliteStore store, string address)
    {
        var parsed = EmailAddress.Parse(address);
        await store.Accounts.AddDomainAsync(parsed.Domain);
        return await store.Accounts.AddUserAsync(parsed, Credential());
    }

    /// <summary>An RFC 5322 message whose body is <paramref name="bodySize"/> bytes of varied text.</summary>
    public static byte[] Message(string subject, int bodySize = 100, string from = "Sender <sender@example.org>", string? messageId = null)
    {
        var text = new StringBuilder();
        text.Append("From: ").Append(from).Append("\r\n");
        text.Append("To: someone@example.com\r\n");
        text.Append("Subject: ").Append(subject).Append("\r\n");
        text.Append("Message-ID: <").Append(messageId ?? Guid.NewGuid().ToString("N") + "@example.org").Append(">\r\n");
        text.Append("Date: Sat, 1 Mar 2025 12:00:00 +0000\r\n\r\n");
        byte[] header = Encoding.UTF8.GetBytes(text.ToString());
        byte[] message = new byte[header.Length + bodySize];
        header.CopyTo(message, 0);
        var random = new Random(bodySize);
        for (int i = header.Length; i < message.Length; i++)
        {
            int column = (i - header.Length) % 78;
            message[i] = column == 76 ? (byte)'\r' : column == 77 ? (byte)'\n' : (byte)('a' + random.Next(26));
        }
        return message;
    }

    /// <summary>A spool holding <paramref name="content"/>, written in uneven chunks.</summary>
    public static async Task<MessageSpool> SpoolAsync(IMailStore mail, byte[] content)
    {
        var spool = mail.CreateSpool();
        int offset = 0;
        int chunk = 1000;
        while (offset < content.Length)
        {
            int count = Math.Min(chunk, content.Length - offset);
            await spool.Content.WriteAsync(content.AsMemory(offset, count));
            offset += count;
            chunk = chunk * 3 % 70_001 + 1;
        }
        return spool;
    }

    /// <summary>Spools and commits a message to the users' INBOXes.</summary>
    public async Task<CommitResult> DeliverAsync(SqliteStore store, byte[] content, params long[] userIds)
    {
        await using var spool = await SpoolAsync(store.Mail, content);
        return await store.Mail.CommitAsync(new AcceptedMessage(spool, userIds.Select(id => new MailboxDelivery(id)).ToList(), null,
            Time.GetUtcNow()));
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
