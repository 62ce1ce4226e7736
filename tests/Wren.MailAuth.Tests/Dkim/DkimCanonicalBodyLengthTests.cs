using System.Text;
using MimeKit.Cryptography;
using Wren.MailAuth.Dkim;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>The canonical body length that l= is compared with (RFC 6376 §3.4.3, §3.4.4 and their examples).</summary>
public sealed class DkimCanonicalBodyLengthTests
{
    [Theory]
    [InlineData("", 2, 0)] // §3.4.3: an empty body is CRLF under simple; §3.4.4: nothing under relaxed
    [InlineData("\r\n\r\n", 2, 0)]
    [InlineData("abc", 5, 5)] // a missing final CRLF is added
    [InlineData("abc\r\n\r\n\r\n", 5, 5)] // trailing empty lines are dropped
    [InlineData(" C \r\nD \t E\r\n\r\n\r\n", 12, 9)] // §3.4.5's example: " C\r\nD E\r\n" relaxed
    [InlineData("a  \t \r\n \r\nb\r\n", 13, 8)] // a line of only spaces is empty under relaxed
    [InlineData("a\rb\r\n", 5, 5)] // a bare CR is content
    public void Lengths_follow_the_rfc(string body, long simple, long relaxed)
    {
        Assert.Equal(simple, Length(body, DkimCanonicalizationAlgorithm.Simple));
        Assert.Equal(relaxed, Length(body, DkimCanonicalizationAlgorithm.Relaxed));
    }

    private static long Length(string body, DkimCanonicalizationAlgorithm canonicalization)
    {
        using var counter = new DkimCanonicalBodyLength(canonicalization);
        byte[] bytes = Encoding.ASCII.GetBytes(body);
        // Written in pieces, so state carries across writes.
        foreach (byte[] chunk in bytes.Chunk(2))
            counter.Write(chunk);
        return counter.CanonicalLength;
    }
}
