using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

public class ModifiedUtf7Tests
{
    [Theory]
    // RFC 3501 §5.1.3's example, and the usual suspects.
    [InlineData("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語")]
    [InlineData("&-", "&")]
    [InlineData("Tom &- Jerry", "Tom & Jerry")]
    [InlineData("p&AOQA5A-", "pää")]
    [InlineData("Entw&APw-rfe", "Entwürfe")]
    [InlineData("&2D3eAQ-", "😁")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("", "")]
    public void Decodes_and_encodes(string encoded, string decoded)
    {
        Assert.True(ModifiedUtf7.TryDecode(Encoding.ASCII.GetBytes(encoded), out string result));
        Assert.Equal(decoded, result);
        Assert.Equal(encoded, ModifiedUtf7.Encode(decoded));
    }

    [Theory]
    [InlineData("&U,BTFw")]          // unterminated
    [InlineData("&AGE-")]            // "a" must not be encoded
    [InlineData("&U,BTF-")]          // leftover bits
    [InlineData("&U,BTFw=-")]        // padding
    [InlineData("&U/BTFw-")]         // "/" is "," in modified BASE64
    [InlineData("&2D0-")]            // lone high surrogate
    [InlineData("&3gE-")]            // lone low surrogate
    [InlineData("tab\there")]        // control character
    [InlineData("caf\u00e9")]        // 8-bit
    [InlineData("!#$&'+,-.0123")]    // imaptest "atoms"
    public void Refuses_what_RFC_3501_does_not_allow(string encoded)
    {
        Assert.False(ModifiedUtf7.TryDecode(Encoding.UTF8.GetBytes(encoded), out _));
        Assert.Equal(ImapErrorKind.InvalidMailboxName,
            Assert.Throws<ImapParseException>(() => ModifiedUtf7.Decode(Encoding.UTF8.GetBytes(encoded))).Kind);
    }

    [Fact]
    public void Round_trips_random_unicode()
    {
        var random = new Random(3501);
        for (int i = 0; i < 2000; i++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 12);
            for (int k = 0; k < length; k++)
            {
                int kind = random.Next(4);
                int cp = kind switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => random.Next(0xA0, 0x800),
                    2 => random.Next(0x800, 0xD800),
                    _ => random.Next(0x10000, 0x110000),
                };
                sb.Append(char.ConvertFromUtf32(cp));
            }
            string name = sb.ToString();
            string encoded = ModifiedUtf7.Encode(name);
            Assert.True(Ascii.IsValid(encoded));
            Assert.True(ModifiedUtf7.TryDecode(Encoding.ASCII.GetBytes(encoded), out string back), encoded);
            Assert.Equal(name, back);
        }
    }
}
