using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wren.MailAuth.Dkim;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>A message Wren signed with a fresh key of <c>example.test</c>, selector <c>sel</c>, for the verifier's tests.</summary>
internal sealed class SignedMessage
{
    public const string Domain = "example.test";
    public const string Selector = "sel";
    public const string RecordName = "sel._domainkey.example.test";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Text =
        "From: Alice <alice@example.test>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Test\r\n" +
        "Date: Sun, 01 Mar 2026 12:00:00 +0000\r\n" +
        "Message-ID: <test-1@example.test>\r\n" +
        "\r\n" +
        "Hello Bob.\r\n";

    private SignedMessage(DkimKey key, byte[] bytes)
    {
        Key = key;
        Bytes = bytes;
    }

    public DkimKey Key { get; }

    /// <summary>The signed message: the DKIM-Signature field, then <see cref="Text"/>.</summary>
    public byte[] Bytes { get; }

    /// <summary>The key's record text.</summary>
    public string Record => Key.DnsRecord.Text;

    public static async Task<SignedMessage> CreateAsync(string dataFolder, DkimKeyAlgorithm algorithm = DkimKeyAlgorithm.Rsa,
        DkimSignerOptions? options = null, string text = Text)
    {
        var store = new DkimKeyStore(dataFolder);
        DkimKey key = await store.LoadAsync(Domain, Selector, algorithm) ?? await store.GenerateAsync(Domain, Selector, algorithm);
        var signer = new DkimMessageSigner(store, new FakeTimeProvider(Now), options);
        string fields = signer.Sign(DkimTestMessages.Parse(text), [key]);
        return new SignedMessage(key, [.. Encoding.ASCII.GetBytes(fields), .. Encoding.ASCII.GetBytes(text)]);
    }
}
