using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Server.Portfolio;
using Bourse.Server.Tests.Staking;
using Bourse.Server.Views;

namespace Bourse.Server.Tests.Portfolio;

/// <summary>Holdings read from the account view, fed only events, are the core's balances: available, locked and staked.</summary>
public class HoldingTests
{
    [Fact]
    public void Holdings_from_the_account_view_are_the_cores_balances_after_every_command()
    {
        var random = new Random(3);
        var exchange = new StakingExchange();
        var accounts = new AccountViews();
        accounts.Initialize(new ExchangeCore());
        accounts.OnEvents(exchange.Events.ToArray());
        var staked = 0;
        for (var step = 0; step < 1_500; step++)
        {
            accounts.OnEvents(exchange.Step(random).ToArray());
            for (var user = 1L; user <= 5; user++)
            {
                var holdings = Holding.Of(accounts.Balances(user).Balances, exchange.Core.GetAsset);
                Assert.Equal(FromCore(exchange.Core, user), holdings);
                staked += holdings.Count(h => h.Staked != 0);
            }
        }

        Assert.True(staked > 1_000, "the flow should stake");
    }

    [Fact]
    public void Every_users_holdings_leave_out_the_exchanges_own_accounts_and_users_holding_nothing()
    {
        var exchange = new StakingExchange();
        exchange.Apply(Command.Deposit(1, StakingExchange.Sol, 5_000, "d-1"));
        exchange.Apply(Command.Deposit(2, StakingExchange.Usdt, 7_000, "d-2"));
        exchange.Apply(Command.Deposit(3, StakingExchange.Usdt, 1_000, "d-3"));
        exchange.Apply(Command.Transfer(3, 2, StakingExchange.Usdt, 1_000, "t-3"));
        exchange.Recover();
        var accounts = new AccountViews();
        accounts.Initialize(exchange.Core);

        var everyone = Holding.OfEveryUser(accounts.EveryBalance(), exchange.Core.GetAsset);

        Assert.Equal([1L, 2L], everyone.Select(u => u.UserId).Order());
        Assert.DoesNotContain(everyone, u => SystemAccounts.IsSystem(u.UserId));
        Assert.All(everyone, u => Assert.Equal(FromCore(exchange.Core, u.UserId), u.Holdings));
    }

    private static List<Holding> FromCore(ExchangeCore core, long userId) =>
        [.. core.Assets.OrderBy(a => a.Id).Select(a => (Asset: a, Balance: core.GetBalance(userId, a.Id)))
            .Where(b => b.Balance.Total != 0)
            .Select(b => new Holding(b.Asset, b.Balance.Available, b.Balance.Locked, b.Balance.Staked))];
}
