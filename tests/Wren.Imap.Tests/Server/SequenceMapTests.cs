using Wren.Imap.Server.Selected;

namespace Wren.Imap.Tests.Server;

public sealed class SequenceMapTests
{
    [Fact]
    public void Random_appends_and_removals_match_a_plain_list()
    {
        var random = new Random(20261203);
        for (int round = 0; round < 50; round++)
        {
            var model = new List<long>();
            long next = 1;
            for (int i = 0; i < random.Next(1, 200); i++)
            {
                next += random.Next(4) == 0 ? random.Next(2, 10) : 1;
                model.Add(next++);
            }
            var map = new SequenceMap(model);
            for (int step = 0; step < 300; step++)
            {
                if (model.Count == 0 || random.Next(3) == 0)
                {
                    next += random.Next(3);
                    Assert.True(map.Append(next));
                    model.Add(next++);
                    Assert.False(map.Append(next - 1));
                }
                else
                {
                    int index = random.Next(model.Count);
                    Assert.Equal(index + 1, map.Remove(model[index]));
                    Assert.Equal(0, map.Remove(model[index]));
                    model.RemoveAt(index);
                }
                Assert.Equal(model.Count, map.Count);
                Assert.Equal(model, map.Uids());
                for (int seq = 1; seq <= model.Count; seq++)
                {
                    Assert.Equal(model[seq - 1], map.UidAt(seq));
                    Assert.Equal(seq, map.SeqOf(model[seq - 1]));
                }
            }
            if (model.Count > 2)
            {
                int low = random.Next(1, model.Count), high = random.Next(low, model.Count + 1);
                Assert.Equal(model.Skip(low - 1).Take(high - low + 1), map.UidRangesOfSeqs(low, high).SelectMany(r => Range(r.First, r.Last)));
                long a = model[low - 1] - 1, b = model[high - 1];
                Assert.Equal(model.Where(u => u >= a && u <= b), map.UidRangesWithin(a, b).SelectMany(r => Range(r.First, r.Last)));
            }
        }
    }

    [Fact]
    public void A_mailbox_never_expunged_in_the_middle_is_one_run()
    {
        var map = new SequenceMap(Enumerable.Range(1, 100_000).Select(i => (long)i));
        Assert.Equal(100_000, map.Count);
        Assert.Equal(50_000, map.SeqOf(50_000));
        Assert.Single(map.UidRangesOfSeqs(1, 100_000));
        Assert.Equal(0, map.SeqOf(100_001));
    }

    private static IEnumerable<long> Range(long first, long last)
    {
        for (long i = first; i <= last; i++)
            yield return i;
    }
}
