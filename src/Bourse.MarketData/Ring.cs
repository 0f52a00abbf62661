namespace Bourse.MarketData;

/// <summary>
/// A bounded first-in first-out buffer that overwrites its oldest item once full. It starts small and doubles up to
/// its capacity, so a quiet market costs little. Index 0 is the oldest item. Not thread-safe: the owner's lock guards it.
/// </summary>
internal sealed class Ring<T>
{
    private T[] _items;
    private int _head;

    public Ring(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _items = new T[Math.Min(capacity, 16)];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    public ref T this[int index]
    {
        get
        {
            var i = _head + index;
            if (i >= _items.Length)
            {
                i -= _items.Length;
            }

            return ref _items[i];
        }
    }

    public ref T Last => ref this[Count - 1];

    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            if (_items.Length == Capacity)
            {
                if (Capacity == 0)
                {
                    return;
                }

                _items[_head] = item;
                _head = _head + 1 == _items.Length ? 0 : _head + 1;
                return;
            }

            Grow();
        }

        this[Count] = item;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        Count = 0;
    }

    private void Grow()
    {
        var items = new T[Math.Min(Capacity, Math.Max(16, _items.Length * 2))];
        for (var i = 0; i < Count; i++)
        {
            items[i] = this[i];
        }

        _items = items;
        _head = 0;
    }
}
