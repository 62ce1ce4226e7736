using System.Security.Cryptography;

namespace Wren.Store.Blobs;

/// <summary>
/// The folder of large message files: <c>blobs/XX/&lt;32 random hex digits&gt;</c>, where <c>XX</c> is one of
/// 256 shard folders created when the store opens. A file's name is written to its shard's directory when
/// the file is created, so before a transaction may reference it that directory must be fsynced too.
/// To keep those directory fsyncs few, new files go to a current shard that changes (at random) every
/// <see cref="FilesPerShardTurn"/> files: concurrent messages land in the same folder and one fsync covers
/// them all, while over time the files spread evenly over every shard.
/// </summary>
internal sealed class BlobDirectory
{
    /// <summary>Number of shard folders.</summary>
    public const int ShardCount = 256;

    /// <summary>Files created in one shard before the next one is chosen.</summary>
    public const int FilesPerShardTurn = 64;

    private const int IdHexDigits = 32;

    // Per shard: how many files were created there (counted after the create), and the count that the
    // last directory fsync covered. A file with generation g is durable by name once synced >= g.
    private readonly long[] created = new long[ShardCount];
    private readonly long[] synced = new long[ShardCount];
    private readonly Lock turnLock = new();
    private int currentShard;
    private int filesInTurn;

    private BlobDirectory(string root)
    {
        Root = root;
        currentShard = RandomNumberGenerator.GetInt32(ShardCount);
    }

    /// <summary>The folder that holds the shard folders.</summary>
    public string Root { get; }

    /// <summary>Creates the folder and its shards when missing, and makes their names durable.</summary>
    public static BlobDirectory Open(string root)
    {
        bool createdAny = !Directory.Exists(root);
        Directory.CreateDirectory(root);
        for (int shard = 0; shard < ShardCount; shard++)
        {
            string path = Path.Combine(root, ShardName(shard));
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                createdAny = true;
            }
        }
        if (createdAny)
        {
            DirectorySync.Flush(root);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(root))!);
        }
        return new BlobDirectory(root);
    }

    /// <summary>
    /// Creates a new, empty file for a message that outgrew memory. The caller owns the returned stream.
    /// </summary>
    public (BlobFile File, FileStream Stream) CreateFile()
    {
        int shard = NextShard();
        string relative = ShardName(shard) + "/" + RandomNumberGenerator.GetHexString(IdHexDigits, lowercase: true);
        var stream = new FileStream(FullPath(relative), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        });
        long generation = Interlocked.Increment(ref created[shard]);
        return (new BlobFile(relative, shard, generation), stream);
    }

    /// <summary>
    /// fsyncs, once each, the shard folders whose new names these files need and no earlier fsync covered.
    /// Only the store's single writer calls this. Returns how many folders it flushed.
    /// </summary>
    public int FlushDirectories(IEnumerable<BlobFile> files)
    {
        int flushed = 0;
        foreach (int shard in files.Where(f => Volatile.Read(ref synced[f.Shard]) < f.Generation).Select(f => f.Shard).Distinct())
        {
            long covered = Volatile.Read(ref created[shard]);
            DirectorySync.Flush(Path.Combine(Root, ShardName(shard)));
            Volatile.Write(ref synced[shard], Math.Max(Volatile.Read(ref synced[shard]), covered));
            flushed++;
        }
        return flushed;
    }

    /// <summary>The absolute path of a stored relative blob path, after checking its form.</summary>
    public string FullPath(string relative)
    {
        if (!IsBlobPath(relative))
            throw new InvalidDataException($"'{relative}' is not a blob path.");
        return Path.Combine(Root, relative[..2], relative[3..]);
    }

    /// <summary>Deletes a blob file; a file already gone is fine.</summary>
    public void Delete(string relative) => File.Delete(FullPath(relative));

    /// <summary>
    /// Deletes every file under the folder that <paramref name="isReferenced"/> does not claim: files left by
    /// a crash between creating a spool file and committing it. Call only while no other process uses the
    /// folder. Returns the number of files deleted.
    /// </summary>
    public int DeleteOrphans(Func<string, bool> isReferenced)
    {
        int deleted = 0;
        foreach (string path in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (IsBlobPath(relative) && isReferenced(relative))
                continue;
            File.Delete(path);
            deleted++;
        }
        return deleted;
    }

    private int NextShard()
    {
        lock (turnLock)
        {
            if (++filesInTurn > FilesPerShardTurn)
            {
                filesInTurn = 1;
                currentShard = RandomNumberGenerator.GetInt32(ShardCount);
            }
            return currentShard;
        }
    }

    private static string ShardName(int shard) => shard.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsBlobPath(string relative) =>
        relative.Length == 3 + IdHexDigits && relative[2] == '/'
        && IsLowerHex(relative.AsSpan(0, 2)) && IsLowerHex(relative.AsSpan(3));

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
                return false;
        }
        return true;
    }
}

/// <summary>A large blob's file: its path relative to the blob folder, its shard, and its creation generation in that shard.</summary>
internal sealed record BlobFile(string RelativePath, int Shard, long Generation);
