using Wren.Delivery.Inbound;

namespace Wren.Delivery.Tests.Inbound;

public sealed class StagedContentTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "wren-stage-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Small_content_stays_in_memory_and_reads_back()
    {
        await using var staged = new StagedContent(folder, threshold: 1024);
        await staged.WriteAsync("hello "u8.ToArray());
        staged.Write("world"u8);
        using var reader = new StreamReader(staged.OpenRead());
        Assert.Equal("hello world", await reader.ReadToEndAsync());
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any());
    }

    [Fact]
    public async Task Large_content_spills_to_an_unlinked_file_and_reads_back_twice()
    {
        byte[] data = new byte[1_000_000];
        new Random(7).NextBytes(data);
        await using var staged = new StagedContent(folder, threshold: 64 * 1024);
        for (int i = 0; i < data.Length; i += 10_000)
            await staged.WriteAsync(data.AsMemory(i, Math.Min(10_000, data.Length - i)));
        Assert.Equal(data.Length, staged.BytesWritten);
        // The spill file has no name: nothing is left behind, even if the process dies.
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        for (int pass = 0; pass < 2; pass++)
        {
            await using Stream read = staged.OpenRead();
            Assert.True(read.CanSeek);
            Assert.Equal(data.Length, read.Length);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }
    }
}
