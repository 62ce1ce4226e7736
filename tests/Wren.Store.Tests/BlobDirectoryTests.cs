using Wren.Store.Blobs;

namespace Wren.Store.Tests;

public sealed class BlobDirectoryTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "wren-store-tests", Guid.NewGuid().ToString("N"), "blobs");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);

    [Fact]
    public void Opening_creates_every_shard_folder()
    {
        BlobDirectory.Open(root);
        Assert.Equal(BlobDirectory.ShardCount, Directory.GetDirectories(root).Length);
        Assert.True(Directory.Exists(Path.Combine(root, "00")));
        Assert.True(Directory.Exists(Path.Combine(root, "ff")));
    }

    [Fact]
    public void Files_created_together_share_a_shard_so_one_directory_fsync_covers_them()
    {
        var blobs = BlobDirectory.Open(root);
        var files = new List<BlobFile>();
        for (int i = 0; i < BlobDirectory.FilesPerShardTurn; i++)
        {
            var (file, stream) = blobs.CreateFile();
            stream.Dispose();
            files.Add(file);
        }

        Assert.Single(files.Select(f => f.Shard).Distinct());
        Assert.Equal(files.Count, files.Select(f => f.RelativePath).Distinct().Count());
        Assert.All(files, f => Assert.True(File.Exists(blobs.FullPath(f.RelativePath))));
        Assert.Equal(1, blobs.FlushDirectories(files));
        Assert.Equal(0, blobs.FlushDirectories(files)); // already durable

        // The shard changes after a turn, and then spreads.
        var shards = new HashSet<int>();
        for (int i = 0; i < BlobDirectory.FilesPerShardTurn * 20; i++)
        {
            var (file, stream) = blobs.CreateFile();
            stream.Dispose();
            shards.Add(file.Shard);
        }
        Assert.True(shards.Count > 1);
    }

    [Fact]
    public void Paths_from_the_database_are_checked_before_use()
    {
        var blobs = BlobDirectory.Open(root);
        Assert.Throws<InvalidDataException>(() => blobs.FullPath("../wren.db"));
        Assert.Throws<InvalidDataException>(() => blobs.FullPath("ab/" + new string('A', 32)));
        Assert.EndsWith(Path.Combine("ab", new string('0', 32)), blobs.FullPath("ab/" + new string('0', 32)));
    }
}
