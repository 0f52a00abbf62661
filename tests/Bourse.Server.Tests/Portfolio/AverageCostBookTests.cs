using Bourse.Server.Portfolio;

namespace Bourse.Server.Tests.Portfolio;

/// <summary>The average-cost method: what sales realize, and what withdrawals and transfers out take away.</summary>
public sealed class AverageCostBookTests
{
    private const int Sol = 4;

    [Fact]
    public void A_sale_realizes_its_proceeds_less_the_average_cost_and_leaves_the_average_unchanged()
    {
        var book = new AverageCostBook();
        book.Acquire(Sol, 10m, 1_000m);
        book.Acquire(Sol, 10m, 3_000m);
        Assert.Equal(200m, book.Positions[Sol].AverageCost);

        book.Dispose(Sol, 5m, 1_250m);

        var sol = book.Positions[Sol];
        Assert.Equal(250m, sol.Realized);
        Assert.Equal(15m, sol.Quantity);
        Assert.Equal(3_000m, sol.Cost);
        Assert.Equal(200m, sol.AverageCost);
    }

    [Fact]
    public void A_withdrawal_or_transfer_out_leaves_at_average_cost_and_realizes_nothing()
    {
        var book = new AverageCostBook();
        book.Acquire(Sol, 4m, 400m);

        book.Dispose(Sol, 1m, null);

        var sol = book.Positions[Sol];
        Assert.Equal(0m, sol.Realized);
        Assert.Equal((3m, 300m, 100m), (sol.Quantity, sol.Cost, sol.AverageCost));
    }

    [Fact]
    public void Selling_everything_clears_the_cost_and_more_than_came_in_costs_nothing()
    {
        var book = new AverageCostBook();
        book.Acquire(Sol, 3m, 30m);
        book.Dispose(Sol, 3m, 45m);
        Assert.Equal((0m, 0m, 15m, (decimal?)null), (book.Positions[Sol].Quantity, book.Positions[Sol].Cost, book.Positions[Sol].Realized, book.Positions[Sol].AverageCost));

        // History that starts after the asset came in: the excess sold had no known cost, so all of it is profit.
        book.Dispose(Sol, 2m, 20m);
        Assert.Equal((0m, 0m, 35m), (book.Positions[Sol].Quantity, book.Positions[Sol].Cost, book.Positions[Sol].Realized));
    }
}
