using Wren.MailAuth.Dkim;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>The TXT record to publish: name, text, and 255-byte strings for zone files.</summary>
public sealed class DkimDnsRecordTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Ed25519_record_is_the_raw_key_in_one_string()
    {
        byte[] publicKey = Convert.FromBase64String("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        DkimDnsRecord record = DkimDnsRecord.Create("football.example.com", "brisbane", DkimKeyAlgorithm.Ed25519, publicKey);
        Assert.Equal("brisbane._domainkey.football.example.com", record.Name);
        Assert.Equal("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", record.Text);
        Assert.Equal([record.Text], record.Strings);
        Assert.Equal("brisbane._domainkey.football.example.com. IN TXT ( \"" + record.Text + "\" )", record.ZoneFileLine);
    }

    [Fact]
    public async Task Rsa_2048_record_is_split_into_strings_of_at_most_255_bytes()
    {
        DkimKey key = await new DkimKeyStore(_data.Path).GenerateAsync("example.test", "s2048", DkimKeyAlgorithm.Rsa);
        DkimDnsRecord record = key.DnsRecord;
        Assert.StartsWith("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", record.Text, StringComparison.Ordinal);
        Assert.Equal(2, record.Strings.Count);
        Assert.All(record.Strings, s => Assert.True(s.Length <= 255));
        Assert.Equal(record.Text, string.Concat(record.Strings));
        Assert.Equal(255, record.Strings[0].Length);

        // The record reads back as the key it came from.
        DkimKeyLookup lookup = DkimPublicKey.Parse(record.Text);
        Assert.Equal(("rsa", 2048), (lookup.Key!.KeyType, lookup.Key.KeyBits));
    }

    [Theory]
    [InlineData("dkim/dkimpy/1024_testkey_wo_markers.pub.txt", 1024)] // SubjectPublicKeyInfo
    [InlineData("dkim/dkimpy/1024_testkey_wo_markers.pub.rsa.txt", 1024)] // bare RSAPublicKey
    [InlineData("dkim/dkimpy/2048_testkey_wo_markers.pub.rsa.txt", 2048)]
    public void Both_rsa_public_key_forms_are_read(string file, int bits)
    {
        DkimKeyLookup lookup = DkimPublicKey.Parse(DkimTestMessages.Text(file)); // the files are whole records
        Assert.Equal(bits, lookup.Key!.KeyBits);
    }
}
