using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Spf;

/// <summary>The openspf conformance suites (shared/testdata/spf), one theory row per test.</summary>
public sealed class SpfSuiteTests
{
    [Theory]
    [SpfSuiteData("rfc7208-tests.yml")]
    public Task Rfc7208(string @case) => RunAsync("rfc7208-tests.yml", @case);

    [Theory]
    [SpfSuiteData("rfc4408-tests.yml")]
    public Task Rfc4408(string @case) => RunAsync("rfc4408-tests.yml", @case);

    private static async Task RunAsync(string file, string id)
    {
        SpfSuiteCase test = SpfSuite.Load(file)[id];
        var checker = new SpfChecker(test.CreateResolver(), new SpfOptions { Timeout = null });
        SpfResult result = await checker.CheckMailFromAsync(test.Host, test.MailFrom, test.Helo);
        Assert.True(test.Results.Contains(result.Verdict),
            $"expected {string.Join(" or ", test.Results)}, got {result.Verdict} ({result.Problem})");
        if (test.Explanation is null || result.Verdict != SpfVerdict.Fail)
            return;
        if (test.Explanation == "DEFAULT")
        {
            // The suite's drivers set "DEFAULT" as the default explanation: no exp= explanation applies.
            Assert.Null(result.Explanation);
        }
        else
        {
            // Case-insensitive: RFC 7208 §7.4 writes the %{i} nibbles of IPv6 in lower case, one expectation of the
            // suite (v-macro-ip6) in upper case; DNS names compare case-insensitively anyway.
            Assert.Equal(test.Explanation, result.Explanation, ignoreCase: true);
        }
    }
}
