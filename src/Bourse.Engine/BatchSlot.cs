using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Journal;

namespace Bourse.Engine;

/// <summary>
/// One batch on its way through the pipeline: its requests, the stamped commands, their log records and the events
/// applying them produced — kept until the log says the batch is durable, then published and answered.
/// </summary>
internal sealed class BatchSlot(int capacity)
{
    public LogBatch Log { get; } = new();

    public EventBuffer Events { get; } = new(1 << 14);

    public EngineRequest[] Requests { get; } = new EngineRequest[capacity];

    public Command[] Commands { get; } = new Command[capacity];

    /// <summary>Events[EventEnds[i - 1]..EventEnds[i]] belong to command i.</summary>
    public int[] EventEnds { get; } = new int[capacity];

    public int Count { get; set; }

    public long LastSequence { get; set; }

    public void Clear()
    {
        Array.Clear(Requests, 0, Count);
        Array.Clear(Commands, 0, Count);
        Events.Clear();
        Count = 0;
    }
}
