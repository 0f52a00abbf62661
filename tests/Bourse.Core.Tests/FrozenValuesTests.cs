using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core.Tests;

/// <summary>
/// These numbers are in the command log, snapshots, events and on the wire. They must only ever grow: changing one
/// silently reinterprets every log already written.
/// </summary>
public class FrozenValuesTests
{
    private static string Describe<T>() where T : struct, Enum =>
        string.Join(",", Enum.GetValues<T>().Select(v => $"{v}={Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)}"));

    [Fact]
    public void Enum_values_are_frozen()
    {
        Assert.Equal("Buy=1,Sell=2", Describe<Side>());
        Assert.Equal("Limit=1,Market=2,LimitMaker=3,StopLossLimit=4,TakeProfitLimit=5", Describe<OrderType>());
        Assert.Equal("None=0,Gtc=1,Ioc=2,Fok=3", Describe<TimeInForce>());
        Assert.Equal("None=0,ExpireTaker=1,ExpireMaker=2,ExpireBoth=3", Describe<SelfTradePrevention>());
        Assert.Equal("New=1,PartiallyFilled=2,Filled=3,Canceled=4,Rejected=5,Expired=6,ExpiredInMatch=7,PendingTrigger=8", Describe<OrderStatus>());
        Assert.Equal("Trading=1,Halted=2,CancelOnly=3,Delisted=4", Describe<MarketStatus>());
        Assert.Equal("Deposit=1,WithdrawalReserved=2,WithdrawalCompleted=3,WithdrawalCanceled=4,Transfer=5,Order=6,Convert=7,Stake=8,Unstake=9,StakingReward=10,UnstakeReleased=11,Adjustment=12", Describe<BalanceChangeReason>());
        Assert.Equal(
            "None=0,CreateAsset=1,CreateMarket=2,SetMarketStatus=3,UpdateMarket=4,SetFeeTier=5,SetUserFeeTier=6,SetAccountRestrictions=7,SetAssetStatus=8,DelistMarket=9,Deposit=10,"
            + "ReserveWithdrawal=11,CompleteWithdrawal=12,CancelWithdrawal=13,Transfer=14,"
            + "Convert=15,AdjustBalance=16,PlaceOrder=20,CancelOrder=21,CancelAllOrders=22,CancelReplaceOrder=23,SetStakingProduct=30,Stake=31,"
            + "Unstake=32,PayStakingRewards=33,ReleaseUnstaked=34",
            Describe<CommandType>());
        Assert.Equal(
            "None=0,CommandRejected=1,AssetCreated=2,MarketCreated=3,MarketStatusChanged=4,FeeTierChanged=5,UserFeeTierChanged=6,"
            + "BalanceChanged=7,WithdrawalReserved=8,WithdrawalCompleted=9,WithdrawalCanceled=10,TransferCompleted=11,"
            + "OrderAccepted=20,OrderRejected=21,OrderPartiallyFilled=22,OrderFilled=23,OrderCanceled=24,OrderExpired=25,"
            + "OrderTriggered=26,Trade=27,DepositCredited=28,BookLevelChanged=29,MarketUpdated=30,"
            + "ConvertCompleted=31,StakingProductSet=32,Staked=33,UnstakeStarted=34,StakingRewardPaid=35,UnstakeReleased=36,AccountRestrictionsChanged=37,BalanceAdjusted=38,AssetStatusChanged=39",
            Describe<EventType>());
        Assert.Equal(
            "None=0,UnknownMarket=1,MarketNotTrading=2,UnknownAsset=3,InsufficientBalance=4,PriceFilter=5,LotSize=6,Notional=7,"
            + "WouldTake=8,FokNotFillable=9,DuplicateClientOrderId=10,UnknownOrder=11,InvalidQuantity=12,InvalidPrice=13,"
            + "InvalidStopPrice=14,WouldTriggerImmediately=15,Overflow=16,InvalidIceberg=17,InvalidTimeInForce=18,"
            + "InvalidOrderType=19,DuplicateReference=20,UnknownWithdrawal=21,InvalidAmount=22,SelfTransfer=23,AssetExists=24,"
            + "MarketExists=25,InvalidAssetSpec=26,InvalidMarketSpec=27,InvalidFeeRate=28,UnknownFeeTier=29,"
            + "UnknownCommand=31,InvalidSide=32,InvalidUser=33,TooManyOpenOrders=35,MissingReference=36,"
            + "QuoteExpired=37,WorseThanQuote=38,NoConvertRoute=39,UnknownStakingProduct=40,BelowMinimum=41,PeriodNotEnded=42,"
            + "PeriodAlreadyPaid=43,InvalidStakingProduct=44,InsufficientStake=45,InsufficientLiquidity=46,AccountRestricted=47,InvalidRestrictions=48,AssetSuspended=49,MarketDelisted=50",
            Describe<RejectReason>());
        Assert.Equal("None=0,Trading=1,Withdrawals=2", Describe<AccountRestrictions>());
        Assert.Equal("None=0,Deposits=1,Withdrawals=2", Describe<AssetSuspensions>());
        Assert.Equal("AccountRestrictions=1,Adjustments=2,AssetStatus=3", Describe<SnapshotExtension>());
    }
}
