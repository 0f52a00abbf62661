namespace Bourse.Core.Events;

/// <summary>
/// A growable array of events, reused across commands and batches so steady-state processing allocates nothing.
/// The engine clears it after each batch has been published.
/// </summary>
public sealed class EventBuffer
{
    private Event[] _events;
    private int _count;

    public EventBuffer(int initialCapacity = 4096) => _events = new Event[initialCapacity];

    public int Count => _count;

    public ReadOnlySpan<Event> Events => _events.AsSpan(0, _count);

    public ref readonly Event this[int index] => ref _events[index];

    public void Clear()
    {
        // Drop string references so cleared events don't keep client ids alive.
        Array.Clear(_events, 0, _count);
        _count = 0;
    }

    /// <summary>Appends a zeroed event and returns it for the caller to fill in.</summary>
    internal ref Event Add(EventType type, long sequence, long timestamp, ref int index)
    {
        if (_count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        ref var e = ref _events[_count++];
        e.Type = type;
        e.Sequence = sequence;
        e.Timestamp = timestamp;
        e.Index = index++;
        return ref e;
    }

    internal ref Event LastMutable() => ref _events[_count - 1];
}
