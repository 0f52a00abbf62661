using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Accounts;

/// <summary>A user's balances (indexed by asset id), fee tier and open orders.</summary>
public sealed class Account
{
    private Balance[] _balances;

    internal Account(long userId, int assetSlots)
    {
        UserId = userId;
        _balances = new Balance[assetSlots];
    }

    public long UserId { get; }

    public int FeeTier { get; internal set; }

    /// <summary>What an operator has frozen on this account.</summary>
    public AccountRestrictions Restrictions { get; internal set; }

    public bool IsRestricted(AccountRestrictions restriction) => (Restrictions & restriction) != 0;

    /// <summary>Open orders (resting and waiting stop orders) in placement order, linked through the orders.</summary>
    internal Order? FirstOpenOrder;
    internal Order? LastOpenOrder;

    public int OpenOrderCount { get; internal set; }

    public Balance GetBalance(int assetId) => assetId < _balances.Length ? _balances[assetId] : default;

    internal ref Balance BalanceOf(int assetId)
    {
        if (assetId >= _balances.Length)
        {
            Array.Resize(ref _balances, Math.Max(assetId + 1, _balances.Length * 2));
        }

        return ref _balances[assetId];
    }

    internal int AssetSlots => _balances.Length;

    internal void AddOpenOrder(Order order)
    {
        order.UserPrevious = LastOpenOrder;
        order.UserNext = null;
        if (LastOpenOrder is null)
        {
            FirstOpenOrder = order;
        }
        else
        {
            LastOpenOrder.UserNext = order;
        }

        LastOpenOrder = order;
        OpenOrderCount++;
    }

    internal void RemoveOpenOrder(Order order)
    {
        if (order.UserPrevious is null)
        {
            FirstOpenOrder = order.UserNext;
        }
        else
        {
            order.UserPrevious.UserNext = order.UserNext;
        }

        if (order.UserNext is null)
        {
            LastOpenOrder = order.UserPrevious;
        }
        else
        {
            order.UserNext.UserPrevious = order.UserPrevious;
        }

        order.UserPrevious = null;
        order.UserNext = null;
        OpenOrderCount--;
    }

    /// <summary>Open orders in placement order.</summary>
    public IEnumerable<Order> OpenOrders
    {
        get
        {
            for (var order = FirstOpenOrder; order is not null; order = order.UserNext)
            {
                yield return order;
            }
        }
    }
}
