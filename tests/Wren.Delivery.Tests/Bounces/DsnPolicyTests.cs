using Wren.Delivery.Bounces;
using Wren.Mail.Envelopes;
using static Wren.Delivery.Tests.Bounces.DsnSamples;

namespace Wren.Delivery.Tests.Bounces;

public sealed class DsnPolicyTests
{
    // RFC 3461 §4.1 and §6.2: the NOTIFY table. Columns: failed, delayed, delivered, relayed, expanded.
    [Theory]
    [InlineData(DsnNotify.Unspecified, true, true, false, false, false)]
    [InlineData(DsnNotify.Never, false, false, false, false, false)]
    [InlineData(DsnNotify.Failure, true, false, false, false, false)]
    [InlineData(DsnNotify.Delay, false, true, false, false, false)]
    [InlineData(DsnNotify.Success, false, false, true, true, true)]
    [InlineData(DsnNotify.Failure | DsnNotify.Delay, true, true, false, false, false)]
    [InlineData(DsnNotify.Success | DsnNotify.Failure, true, false, true, true, true)]
    [InlineData(DsnNotify.Success | DsnNotify.Delay, false, true, true, true, true)]
    [InlineData(DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay, true, true, true, true, true)]
    [InlineData(DsnNotify.Never | DsnNotify.Failure, false, false, false, false, false)]
    public void Notify_decides_which_outcomes_are_reported(DsnNotify notify, bool failed, bool delayed, bool delivered, bool relayed, bool expanded)
    {
        var recipient = Recipient("bob@remote.test", notify);

        Assert.Equal(failed, DsnPolicy.ShouldNotify(recipient, DsnAction.Failed));
        Assert.Equal(delayed, DsnPolicy.ShouldNotify(recipient, DsnAction.Delayed));
        Assert.Equal(delivered, DsnPolicy.ShouldNotify(recipient, DsnAction.Delivered));
        Assert.Equal(relayed, DsnPolicy.ShouldNotify(recipient, DsnAction.Relayed));
        Assert.Equal(expanded, DsnPolicy.ShouldNotify(recipient, DsnAction.Expanded));
    }

    [Fact]
    public void Null_sender_can_never_be_bounced_to()
    {
        Assert.False(DsnPolicy.CanBounceTo(Envelope(sender: null)));
        Assert.True(DsnPolicy.CanBounceTo(Envelope(sender: "alice@sender.test")));
    }

    [Fact]
    public void Filter_keeps_only_the_recipients_the_sender_asked_about()
    {
        var bob = Recipient("bob@remote.test", DsnNotify.Never);
        var carol = Recipient("carol@far.test");
        var report = new DsnReport(Envelope(recipients: [bob, carol]), Arrival, [Failure(bob), Failure(carol)]);

        var filtered = DsnPolicy.Filter(report);

        Assert.NotNull(filtered);
        Assert.Equal("carol@far.test", Assert.Single(filtered.Recipients).Recipient.Address.ToString());
    }

    [Fact]
    public void Filter_returns_null_when_nobody_is_left_or_the_sender_is_null()
    {
        var bob = Recipient("bob@remote.test", DsnNotify.Failure);
        var delivered = new DsnRecipient(bob, DsnAction.Delivered, "2.0.0", null, null, null, null);
        Assert.Null(DsnPolicy.Filter(new DsnReport(Envelope(recipients: bob), Arrival, [delivered])));

        var carol = Recipient("carol@far.test");
        Assert.Null(DsnPolicy.Filter(new DsnReport(Envelope(sender: null, recipients: carol), Arrival, [Failure(carol)])));
    }
}
