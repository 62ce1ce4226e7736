using Wren.Testing;

namespace Wren.MailAuth.Tests;

/// <summary>The conformance suites these tests read are where CI has them.</summary>
public sealed class TestDataTests
{
    [Theory]
    [InlineData("spf/rfc7208-tests.yml")]
    [InlineData("arc/arc-draft-validation-tests.yml")]
    [InlineData("dkim/dkimpy/rfc6376.signed.msg")]
    public void Suite_file_is_found(string relativePath) =>
        Assert.True(File.Exists(TestData.Path(relativePath)), TestData.Path(relativePath));
}
