using System.Net;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;
using Wren.Testing.Dns;
using static Wren.MailAuth.Tests.Dmarc.DmarcTestDns;

namespace Wren.MailAuth.Tests.Dmarc;

public sealed class DmarcReportRecordTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task A_failing_sampled_out_message_is_recorded_with_its_policy()
    {
        var dns = new FakeDnsResolver();
        dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; pct=20; rua=mailto:agg@example.com");
        var spf = SpfOf(SpfVerdict.Pass, "bounces.example.net");
        DkimResult[] dkim = [DkimOf(DkimVerdict.Fail, "example.com"), new(DkimVerdict.PermError, null, null, null)];
        var result = await Evaluator(dns, _ => 50).EvaluateAsync("news.example.com", spf, dkim, CancellationToken.None);

        var row = DmarcReportRecord.For(result, IPAddress.Parse("192.0.2.7"), "bounces.example.net", spf, dkim, Now);
        Assert.NotNull(row);
        var sink = new InMemoryDmarcReportSink();
        await sink.RecordAsync(row);

        var kept = Assert.Single(sink.Records);
        Assert.Equal("news.example.com", kept.HeaderFrom);
        Assert.Equal("bounces.example.net", kept.EnvelopeFrom);
        Assert.Equal("example.com", kept.PolicyDomain);
        Assert.Equal(20, kept.Record.Percent);
        Assert.Equal(DmarcVerdict.Fail, kept.Verdict);
        Assert.Equal(DmarcPolicy.Quarantine, kept.Disposition);
        Assert.True(kept.SampledOut);
        Assert.Equal(SpfVerdict.Pass, kept.SpfVerdict);
        Assert.False(kept.SpfAligned);
        Assert.Equal("example.com", Assert.Single(kept.Dkim).Domain);
        Assert.Equal(Now, kept.Time);
        Assert.Single(sink.Drain());
        Assert.Empty(sink.Records);
    }

    [Fact]
    public void Nothing_is_recorded_without_a_policy()
    {
        var none = new DmarcResult(DmarcVerdict.None, "example.com", null, DmarcPolicy.None, DmarcPolicy.None, false, false);
        Assert.Null(DmarcReportRecord.For(none, IPAddress.Loopback, null, NoSpf, [], Now));
    }
}
