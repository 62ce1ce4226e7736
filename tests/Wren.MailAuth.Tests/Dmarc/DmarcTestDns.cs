using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.PublicSuffix;
using Wren.MailAuth.Spf;
using Wren.MailAuth.Tests.PublicSuffix;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dmarc;

/// <summary>Shared helpers: a fake zone, the test suffix list, and SPF/DKIM results.</summary>
internal static class DmarcTestDns
{
    public static readonly PublicSuffixList Suffixes = TestSuffixList.Load();

    public static DmarcEvaluator Evaluator(FakeDnsResolver dns, Func<int, int>? random = null) =>
        new(dns, Suffixes, random ?? (_ => throw new InvalidOperationException("pct sampling was not expected")));

    public static SpfResult SpfOf(SpfVerdict verdict, string domain) => new(verdict, domain);

    public static SpfResult NoSpf => new(SpfVerdict.None, "unknown.invalid");

    public static DkimResult DkimOf(DkimVerdict verdict, string domain) =>
        new(verdict, domain, "sel", "rsa-sha256", SignaturePrefix: "abcdefgh", Reason: verdict == DkimVerdict.Pass ? null : "bad signature");
}
