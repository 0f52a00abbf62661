namespace Bourse.Core.Staking;

/// <summary>
/// Part of a position that earns for the periods <see cref="FirstPeriod"/> to <see cref="LastPeriod"/>. A new stake
/// earns from the first period that starts after it; an unstaked part keeps earning for the ended periods not yet paid
/// (<see cref="LastPeriod"/> is then the last period that ended before the unstake), so a late reward command pays
/// exactly what was staked during the period it pays.
/// </summary>
public readonly record struct StakeLot(long Amount, long FirstPeriod, long LastPeriod)
{
    /// <summary>A lot still staked: it earns until it is unstaked.</summary>
    public const long Open = long.MaxValue;

    public bool IsStaked => LastPeriod == Open;

    public bool EarnsIn(long period) => FirstPeriod <= period && period <= LastPeriod;
}
