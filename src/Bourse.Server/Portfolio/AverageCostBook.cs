namespace Bourse.Server.Portfolio;

/// <summary>
/// Average-cost accounting per asset, in whole units and whole quote units: an acquisition adds its quantity and cost;
/// a disposal takes out its quantity at the current average cost (the average itself does not change) and, when it
/// was a sale, realizes the proceeds minus that cost. Nothing is rounded here; the API rounds what it shows.
/// </summary>
public sealed class AverageCostBook
{
    private readonly Dictionary<int, Position> _positions = [];

    public IReadOnlyDictionary<int, Position> Positions => _positions;

    public void Acquire(int assetId, decimal quantity, decimal cost)
    {
        var position = PositionOf(assetId);
        position.Quantity += quantity;
        position.Cost += cost;
    }

    /// <param name="proceeds">What the sale brought in, fees already taken off; null for a disposal that is no sale (a withdrawal, a transfer out).</param>
    public void Dispose(int assetId, decimal quantity, decimal? proceeds)
    {
        var position = PositionOf(assetId);
        // More out than the history shows came in (history older than the activities table): the rest costs nothing.
        var costOut = quantity >= position.Quantity ? position.Cost : quantity * (position.Cost / position.Quantity);
        position.Quantity = Math.Max(0m, position.Quantity - quantity);
        position.Cost -= costOut;
        if (position.Quantity == 0)
        {
            position.Cost = 0;
        }

        if (proceeds is { } received)
        {
            position.Realized += received - costOut;
        }
    }

    /// <summary>An independent copy: replaying more history into it leaves this book as it is.</summary>
    public AverageCostBook Clone()
    {
        var copy = new AverageCostBook();
        foreach (var (assetId, p) in _positions)
        {
            copy._positions[assetId] = new Position { Quantity = p.Quantity, Cost = p.Cost, Realized = p.Realized };
        }

        return copy;
    }

    private Position PositionOf(int assetId)
    {
        if (!_positions.TryGetValue(assetId, out var position))
        {
            position = new Position();
            _positions[assetId] = position;
        }

        return position;
    }

    /// <summary>One asset: quantity and cost still held, and what sales realized so far.</summary>
    public sealed class Position
    {
        public decimal Quantity { get; internal set; }

        public decimal Cost { get; internal set; }

        public decimal Realized { get; internal set; }

        /// <summary>Cost per whole unit; null when none is held.</summary>
        public decimal? AverageCost => Quantity > 0 ? Cost / Quantity : null;
    }
}
