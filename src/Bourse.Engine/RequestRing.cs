namespace Bourse.Engine;

/// <summary>
/// The engine's inbound queue: a bounded multi-producer, single-consumer ring in the Disruptor style. Producers claim a
/// slot with one compare-and-swap and publish it with a sequence stamp; the engine thread reads without locks. A full
/// ring refuses at once (the caller answers "overloaded") instead of growing. The consumer sleeps only when the ring
/// is empty, and producers wake it only then.
/// </summary>
internal sealed class RequestRing<T>
{
    private readonly T[] _slots;
    private readonly long[] _published;
    private readonly int _mask;
    private PaddedLong _claimed;
    private PaddedLong _consumed;
    private PaddedLong _consumerWaiting;
    private readonly SemaphoreSlim _wake = new(0);

    // Set in the claim counter itself, so that closing and claiming are one atomic choice: a producer either claimed
    // before the close (and the consumer waits for its publish) or sees the ring closed.
    private const long ClosedBit = 1L << 62;

    public RequestRing(int capacity)
    {
        var size = (int)Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new T[size];
        _published = new long[size];
        _mask = size - 1;
        for (var i = 0; i < size; i++)
        {
            _published[i] = -1;
        }
    }

    public int Capacity => _slots.Length;

    /// <summary>Requests written but not yet read (approximate while producers run).</summary>
    public long Count => (Volatile.Read(ref _claimed.Value) & ~ClosedBit) - Volatile.Read(ref _consumed.Value);

    public bool IsCompleted => (Volatile.Read(ref _claimed.Value) & ClosedBit) != 0;

    /// <summary>Stops accepting writes; the consumer still drains everything claimed before.</summary>
    public void Complete()
    {
        long claimed;
        do
        {
            claimed = Volatile.Read(ref _claimed.Value);
        }
        while ((claimed & ClosedBit) == 0 && Interlocked.CompareExchange(ref _claimed.Value, claimed | ClosedBit, claimed) != claimed);

        _wake.Release();
    }

    public bool TryWrite(in T item)
    {
        long claim;
        while (true)
        {
            claim = Volatile.Read(ref _claimed.Value);
            if ((claim & ClosedBit) != 0)
            {
                return false;
            }

            if (claim - Volatile.Read(ref _consumed.Value) >= _slots.Length)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _claimed.Value, claim + 1, claim) == claim)
            {
                break;
            }
        }

        var index = (int)(claim & _mask);
        _slots[index] = item;
        Volatile.Write(ref _published[index], claim);
        // Full fence: the publish must be visible before we look whether the consumer went to sleep (Dekker).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _consumerWaiting.Value) == 1 && Interlocked.Exchange(ref _consumerWaiting.Value, 0) == 1)
        {
            _wake.Release();
        }

        return true;
    }

    /// <summary>Consumer only.</summary>
    public bool TryRead(out T item)
    {
        var position = _consumed.Value;
        var index = (int)(position & _mask);
        if (Volatile.Read(ref _published[index]) != position)
        {
            item = default!;
            return false;
        }

        item = _slots[index];
        _slots[index] = default!;
        Volatile.Write(ref _consumed.Value, position + 1);
        return true;
    }

    /// <summary>Consumer only: blocks until something can be read; false once completed and drained.</summary>
    public bool WaitToRead()
    {
        while (true)
        {
            var position = _consumed.Value;
            if (Volatile.Read(ref _published[(int)(position & _mask)]) == position)
            {
                return true;
            }

            if (IsCompleted && Count == 0)
            {
                return false;
            }

            Interlocked.Exchange(ref _consumerWaiting.Value, 1);
            // Re-check after announcing: a producer that published before seeing the flag will not wake us.
            if (Volatile.Read(ref _published[(int)(position & _mask)]) == position || IsCompleted)
            {
                Interlocked.Exchange(ref _consumerWaiting.Value, 0);
                continue;
            }

            _wake.Wait(TimeSpan.FromMilliseconds(100));
        }
    }
}
