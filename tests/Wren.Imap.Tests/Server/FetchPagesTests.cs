using Wren.Imap.Server.Fetch;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

public sealed class FetchPagesTests
{
    [Fact]
    public void Pages_hold_every_uid_once_in_order_and_at_most_the_page_size()
    {
        var set = UidSet.Of([new UidRange(1, 2500), new UidRange(3000, 3001), new UidRange(4000, 4997)]);
        List<UidSet> pages = FetchPages.Split(set, 1000);
        Assert.Equal([1000, 1000, 1000, 500], pages.Select(p => p.Uids().Count()));
        Assert.Equal(set.Uids(), pages.SelectMany(p => p.Uids()));
        Assert.Equal("2001:2500,3000:3001,4000:4497", pages[2].ToString());
    }

    [Fact]
    public void An_empty_set_is_one_empty_page()
    {
        Assert.True(Assert.Single(FetchPages.Split(UidSet.Empty, 1000)).IsEmpty);
    }
}
