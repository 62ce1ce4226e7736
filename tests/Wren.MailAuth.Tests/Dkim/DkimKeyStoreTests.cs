using Wren.MailAuth.Dkim;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>Keys live in <c>&lt;data&gt;/dkim/&lt;domain&gt;/&lt;selector&gt;.&lt;algorithm&gt;.pem</c>, PKCS#8, owner-only.</summary>
public sealed class DkimKeyStoreTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(DkimKeyAlgorithm.Rsa, "rsa", 2048)]
    [InlineData(DkimKeyAlgorithm.Ed25519, "ed25519", 256)]
    public async Task Generate_writes_a_pkcs8_pem_readable_only_by_its_owner(DkimKeyAlgorithm algorithm, string name, int bits)
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey key = await store.GenerateAsync("Example.TEST", "Sel-1", algorithm);

        string path = Path.Combine(_data.Path, "dkim", "example.test", $"sel-1.{name}.pem");
        Assert.Equal(path, key.Path);
        Assert.Equal(("example.test", "sel-1", algorithm, bits), (key.Domain, key.Selector, key.Algorithm, key.KeyBits));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left

        DkimKey loaded = (await store.LoadAsync("example.test", "sel-1", algorithm))!;
        Assert.Equal(key.DnsRecord, loaded.DnsRecord);
    }

    [Fact]
    public async Task Generate_refuses_to_overwrite()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey first = await store.GenerateAsync("example.test", "s1", DkimKeyAlgorithm.Ed25519);
        var e = await Assert.ThrowsAsync<DkimKeyStoreException>(() => store.GenerateAsync("example.test", "S1", DkimKeyAlgorithm.Ed25519));
        Assert.Contains("exists already", e.Message, StringComparison.Ordinal);
        Assert.Equal(first.DnsRecord, (await store.LoadAsync("example.test", "s1", DkimKeyAlgorithm.Ed25519))!.DnsRecord);
        // Another algorithm under the same selector is another key.
        await store.GenerateAsync("example.test", "s1", DkimKeyAlgorithm.Rsa);
    }

    [Theory]
    [InlineData("../etc", "s1")]
    [InlineData("example.test", "../x")]
    [InlineData("example.test", "a/b")]
    [InlineData("example.test", "")]
    [InlineData("exa mple.test", "s1")]
    public async Task Names_that_are_not_dns_names_are_refused(string domain, string selector)
    {
        var store = new DkimKeyStore(_data.Path);
        await Assert.ThrowsAsync<DkimKeyStoreException>(() => store.GenerateAsync(domain, selector, DkimKeyAlgorithm.Ed25519));
    }

    [Fact]
    public async Task Rsa_sizes_outside_1024_to_8192_are_refused()
    {
        var store = new DkimKeyStore(_data.Path);
        await Assert.ThrowsAsync<DkimKeyStoreException>(() => store.GenerateAsync("example.test", "s", DkimKeyAlgorithm.Rsa, rsaBits: 512));
        Assert.Equal(1024, (await store.GenerateAsync("example.test", "s", DkimKeyAlgorithm.Rsa, rsaBits: 1024)).KeyBits);
    }

    [Fact]
    public async Task List_gives_every_key_by_domain_newest_first_and_ignores_other_files()
    {
        var store = new DkimKeyStore(_data.Path);
        Assert.Empty(await store.ListAsync());
        await store.GenerateAsync("b.test", "old", DkimKeyAlgorithm.Ed25519);
        await store.GenerateAsync("b.test", "new", DkimKeyAlgorithm.Ed25519);
        File.SetLastWriteTimeUtc(store.PathOf("b.test", "old", DkimKeyAlgorithm.Ed25519), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await store.GenerateAsync("a.test", "s", DkimKeyAlgorithm.Ed25519);
        await File.WriteAllTextAsync(Path.Combine(store.Root, "b.test", "README.txt"), "notes");
        await File.WriteAllTextAsync(Path.Combine(store.Root, "b.test", "retired.pem.bak"), "old");

        IReadOnlyList<DkimKey> all = await store.ListAsync();
        Assert.Equal(["a.test/s", "b.test/new", "b.test/old"], all.Select(k => $"{k.Domain}/{k.Selector}"));
        Assert.Equal(["new", "old"], (await store.ListAsync("b.test")).Select(k => k.Selector));
        Assert.Empty(await store.ListAsync("c.test"));
    }

    [Fact]
    public async Task A_file_named_like_a_key_that_is_not_one_is_an_error()
    {
        var store = new DkimKeyStore(_data.Path);
        Directory.CreateDirectory(Path.Combine(store.Root, "example.test"));
        await File.WriteAllTextAsync(store.PathOf("example.test", "bad", DkimKeyAlgorithm.Rsa), "not a key");
        await Assert.ThrowsAsync<DkimKeyStoreException>(() => store.ListAsync());
    }

    [Fact]
    public async Task An_ed25519_key_in_an_rsa_file_is_an_error()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey ed = await store.GenerateAsync("example.test", "s", DkimKeyAlgorithm.Ed25519);
        File.Copy(ed.Path, store.PathOf("example.test", "s", DkimKeyAlgorithm.Rsa));
        var e = await Assert.ThrowsAsync<DkimKeyStoreException>(() => store.LoadAsync("example.test", "s", DkimKeyAlgorithm.Rsa));
        Assert.Contains("rsa", e.Message, StringComparison.Ordinal);
    }
}
