using Wren.Delivery.Inbound;
using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;

namespace Wren.Delivery.Tests.Inbound;

/// <summary>What each combination of verdicts and switches does to a message.</summary>
public sealed class MailAuthPolicyTests
{
    private static MailAuthVerdicts Verdicts(DmarcVerdict dmarc, DmarcPolicy disposition, SpfVerdict spf = SpfVerdict.Fail,
        DkimVerdict? dkim = null, bool arcTempError = false) =>
        new(new SpfResult(spf, "sender.example"),
            dkim is { } d ? [new DkimResult(d, "sender.example", "s1", "rsa-sha256")] : [],
            new ArcResult(arcTempError ? ArcVerdict.Fail : ArcVerdict.None, 0) { TemporaryError = arcTempError },
            new DmarcResult(dmarc, "sender.example", "sender.example", disposition, disposition, false, false));

    [Fact]
    public void Dmarc_reject_is_refused_with_550_5_7_1()
    {
        var (refusal, quarantine) = MailAuthPolicy.Decide(Verdicts(DmarcVerdict.Fail, DmarcPolicy.Reject), new MailAuthOptions());
        Assert.Equal((550, "5.7.1"), (refusal!.Code, refusal.EnhancedCode));
        Assert.False(quarantine);
    }

    [Theory]
    [InlineData(SpfVerdict.TempError, null, false)]
    [InlineData(SpfVerdict.Fail, DkimVerdict.TempError, false)]
    [InlineData(SpfVerdict.Fail, null, true)]
    public void Dmarc_reject_with_an_unfinished_check_is_deferred_not_refused(SpfVerdict spf, DkimVerdict? dkim, bool arcTempError)
    {
        var (refusal, _) = MailAuthPolicy.Decide(Verdicts(DmarcVerdict.Fail, DmarcPolicy.Reject, spf, dkim, arcTempError), new MailAuthOptions());
        Assert.Equal((451, "4.7.0"), (refusal!.Code, refusal.EnhancedCode));
    }

    [Fact]
    public void Dmarc_quarantine_goes_to_Junk_and_reject_does_too_when_rejecting_is_off()
    {
        Assert.Equal((null, true), MailAuthPolicy.Decide(Verdicts(DmarcVerdict.Fail, DmarcPolicy.Quarantine), new MailAuthOptions()));
        Assert.Equal((null, true), MailAuthPolicy.Decide(Verdicts(DmarcVerdict.Fail, DmarcPolicy.Reject), new MailAuthOptions { DmarcReject = false }));
        Assert.Equal((null, false), MailAuthPolicy.Decide(Verdicts(DmarcVerdict.Fail, DmarcPolicy.Quarantine), new MailAuthOptions { DmarcQuarantine = false }));
    }

    [Theory]
    [InlineData(DmarcVerdict.Pass, DmarcPolicy.None)]
    [InlineData(DmarcVerdict.None, DmarcPolicy.None)]
    [InlineData(DmarcVerdict.TempError, DmarcPolicy.None)]
    [InlineData(DmarcVerdict.Fail, DmarcPolicy.None)] // p=none, or sampled out by pct=
    public void Anything_else_is_delivered_to_the_inbox(DmarcVerdict dmarc, DmarcPolicy disposition) =>
        Assert.Equal((null, false), MailAuthPolicy.Decide(Verdicts(dmarc, disposition), new MailAuthOptions()));

    [Fact]
    public void Spf_fail_alone_is_refused_only_when_configured()
    {
        var verdicts = Verdicts(DmarcVerdict.None, DmarcPolicy.None, SpfVerdict.Fail);
        Assert.Null(MailAuthPolicy.Decide(verdicts, new MailAuthOptions()).Refusal);
        var (refusal, _) = MailAuthPolicy.Decide(verdicts, new MailAuthOptions { SpfFailReject = true });
        Assert.Equal((550, "5.7.23"), (refusal!.Code, refusal.EnhancedCode));
    }
}
