namespace Bourse.Engine.Tests;

public class RequestRingTests
{
    [Fact]
    public async Task Every_item_from_many_producers_is_read_once_and_in_each_producers_order()
    {
        const int producers = 4;
        const int perProducer = 200_000;
        var ring = new RequestRing<long>(1_024);
        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (long i = 0; i < perProducer; i++)
            {
                var item = (p * 1_000_000_000L) + i;
                while (!ring.TryWrite(item))
                {
                    Thread.Yield();
                }
            }
        })).ToArray();

        var next = new long[producers];
        var read = 0;
        var reader = Task.Run(() =>
        {
            while (read < producers * perProducer && ring.WaitToRead())
            {
                while (ring.TryRead(out var item))
                {
                    var producer = (int)(item / 1_000_000_000L);
                    Assert.Equal(next[producer]++, item % 1_000_000_000L);
                    read++;
                }
            }
        });

        await Task.WhenAll(writers);
        await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(next, n => Assert.Equal(perProducer, n));
    }

    [Fact]
    public void A_full_ring_refuses_and_a_completed_ring_drains_then_ends()
    {
        var ring = new RequestRing<int>(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(ring.TryWrite(i));
        }

        Assert.False(ring.TryWrite(99));
        Assert.True(ring.TryRead(out var first));
        Assert.Equal(0, first);
        Assert.True(ring.TryWrite(4));

        ring.Complete();
        Assert.False(ring.TryWrite(5));
        var drained = new List<int>();
        while (ring.WaitToRead() && ring.TryRead(out var item))
        {
            drained.Add(item);
        }

        Assert.Equal([1, 2, 3, 4], drained);
    }
}
