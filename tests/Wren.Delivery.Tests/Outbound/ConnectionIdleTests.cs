using Wren.Delivery.Outbound;

namespace Wren.Delivery.Tests.Outbound;

/// <summary>
/// A connection whose destination has nothing more waiting stays open for Delivery:ConnectionIdleTime, so the
/// next message there goes over it; after that time it is closed. Time is the fake clock's, never slept.
/// </summary>
public sealed class ConnectionIdleTests
{
    private static RecipientDeliveryResult[] Accept(DeliveryJob job) =>
        ScriptedTransport.All(job, DeliveryResultKind.Delivered, "2.0.0", "250 2.0.0 OK");

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task A_message_that_comes_while_the_connection_is_idle_goes_over_it_and_the_connection_closes_after_the_idle_time()
    {
        var transport = new ScriptedTransport(Accept);
        var idle = Signal();
        var closed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Idle += _ => idle.TrySetResult();
        transport.Closed += carried => closed.TrySetResult(carried);
        await using var test = await OutboundFixture.StartAsync(transport, o => o.ConnectionIdleTime = TimeSpan.FromSeconds(2));

        long first = await test.QueueAsync("alice@a.test", ["bob@b.test"], subject: "one");
        Assert.True((await test.Round(first, 1)).Removed);
        await idle.Task.WaitAsync(TimeSpan.FromSeconds(30));
        idle = Signal();
        test.Time.Advance(TimeSpan.FromSeconds(1)); // within the idle time
        long second = await test.QueueAsync("alice@a.test", ["carol@b.test"], subject: "two");
        Assert.True((await test.Round(second, second == first ? 2 : 1)).Removed); // SQLite may reuse a removed entry's id
        Assert.Equal(1, transport.Connections);
        Assert.Equal(1, test.Scheduler.ActiveConnections);

        await idle.Task.WaitAsync(TimeSpan.FromSeconds(30)); // idle again, its timer started afresh
        test.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        long third = await test.QueueAsync("alice@a.test", ["dave@b.test"], subject: "three");
        Assert.True((await test.Round(third, 1 + (third == first ? 1 : 0) + (third == second ? 1 : 0))).Removed);
        Assert.Equal(2, transport.Connections);
    }

    [Fact]
    public async Task With_no_idle_time_a_connection_closes_as_soon_as_its_line_is_empty()
    {
        var transport = new ScriptedTransport(Accept);
        var closed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Closed += carried => closed.TrySetResult(carried);
        await using var test = await OutboundFixture.StartAsync(transport, o => o.ConnectionIdleTime = TimeSpan.Zero);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        Assert.True((await test.Round(id, 1)).Removed);
        Assert.Equal(1, await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_idle_connection_never_holds_mail_for_another_destination()
    {
        var transport = new ScriptedTransport(Accept);
        var idle = Signal();
        transport.Idle += _ => idle.TrySetResult();
        await using var test = await OutboundFixture.StartAsync(transport);
        long first = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        await test.Round(first, 1);
        await idle.Task.WaitAsync(TimeSpan.FromSeconds(30));
        long other = await test.QueueAsync("alice@a.test", ["carol@c.test"]);
        Assert.True((await test.Round(other, other == first ? 2 : 1)).Removed); // SQLite may reuse a removed entry's id
        Assert.Equal(2, transport.Connections);
        Assert.Equal("c.test", transport.Jobs[1].Destination);
    }
}
