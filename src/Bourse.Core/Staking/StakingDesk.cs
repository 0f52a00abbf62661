using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core.Staking;

/// <summary>
/// Staking: operator-configured products, user stakes and unstakes, and rewards paid per period from the rewards
/// account. Owns the products, positions (lots by period), unbonding entries and stake / unstake references, and moves
/// funds only through the ledger. Invariants: staked and unbonding funds sit in <c>Balance.Staked</c>, so conservation
/// covers them; a user's staked balance equals their positions' staked lots plus their unbonding entries; rewards move
/// from the rewards account (<see cref="SystemAccounts.StakingRewards"/>), never minted; a period is paid at most once.
/// </summary>
internal sealed class StakingDesk
{
    // The reward of one period is amount × rate × period / RewardDivisor, a year's rate pro rata per ms.
    private static readonly Int128 RewardDivisor = (Int128)StakingProduct.RateScale * StakingProduct.YearMs;

    private readonly SortedDictionary<int, StakingProduct> _stakingProducts = [];
    // Per asset, positions by user id: rewards walk them in user order, so events come out in a fixed order.
    private readonly Dictionary<int, SortedDictionary<long, StakingPosition>> _stakingPositions = [];
    private readonly SortedSet<UnbondingEntry> _unbonding = new(Comparer<UnbondingEntry>.Create(
        static (a, b) => a.ReleaseAt != b.ReleaseAt ? a.ReleaseAt.CompareTo(b.ReleaseAt) : a.Id.CompareTo(b.Id)));
    private readonly Dictionary<UserReference, StakingRequest> _stakeReferences = [];
    private readonly Dictionary<UserReference, StakingRequest> _unstakeReferences = [];

    private readonly CommandScope _scope;
    private readonly ReferenceData _referenceData;
    private readonly Ledger _ledger;

    public StakingDesk(CommandScope scope, ReferenceData referenceData, Ledger ledger)
    {
        _scope = scope;
        _referenceData = referenceData;
        _ledger = ledger;
    }

    // ---- queries ----

    /// <summary>Every stakable asset's terms, by asset id.</summary>
    public IEnumerable<StakingProduct> StakingProducts => _stakingProducts.Values;

    public StakingProduct? GetStakingProduct(int assetId) => _stakingProducts.GetValueOrDefault(assetId);

    /// <summary>A user's positions (one per asset ever staked), by asset id.</summary>
    public IEnumerable<StakingPosition> StakingPositionsOf(long userId) =>
        _stakingPositions.OrderBy(p => p.Key).Select(p => p.Value.GetValueOrDefault(userId)).Where(p => p is not null)!;

    public StakingPosition? GetStakingPosition(long userId, int assetId) =>
        _stakingPositions.GetValueOrDefault(assetId)?.GetValueOrDefault(userId);

    /// <summary>A user's unstaked funds still unbonding, soonest release first.</summary>
    public IEnumerable<UnbondingEntry> UnbondingOf(long userId) => _unbonding.Where(u => u.UserId == userId);

    /// <summary>Every unbonding entry, soonest release first.</summary>
    public IEnumerable<UnbondingEntry> Unbonding => _unbonding;

    /// <summary>When the next unstaked funds are due for release (Unix ms); null when nothing is unbonding.</summary>
    public long? NextReleaseAt => _unbonding.Count == 0 ? null : _unbonding.Min!.ReleaseAt;

    /// <summary>
    /// The first period after the last paid one in which some stake of the asset earns; null when none does (and none
    /// will until someone stakes). The scheduler pays from there, so periods nobody earned in cost no command.
    /// </summary>
    public long? NextEarningPeriod(int assetId)
    {
        if (!_stakingProducts.TryGetValue(assetId, out var product) || !_stakingPositions.TryGetValue(assetId, out var positions))
        {
            return null;
        }

        long? next = null;
        foreach (var lot in positions.Values.SelectMany(p => p.LotList))
        {
            if (lot.LastPeriod > product.LastPaidPeriod)
            {
                var first = Math.Max(lot.FirstPeriod, product.LastPaidPeriod + 1);
                next = next is { } n ? Math.Min(n, first) : first;
            }
        }

        return next;
    }

    /// <summary>The stake a user made under <paramref name="reference"/>, if any.</summary>
    public StakingRequest? FindStake(long userId, string reference) =>
        _stakeReferences.TryGetValue(new UserReference(userId, reference), out var request) ? request : null;

    /// <summary>The unstake a user made under <paramref name="reference"/>, if any.</summary>
    public StakingRequest? FindUnstake(long userId, string reference) =>
        _unstakeReferences.TryGetValue(new UserReference(userId, reference), out var request) ? request : null;

    // ---- commands ----

    /// <summary>Makes an asset stakable or changes its rate, minimum and unbonding time; the period length never changes.</summary>
    public void SetStakingProduct(in Command command)
    {
        if (_referenceData.GetAsset(command.AssetId) is null)
        {
            _scope.Reject(in command, RejectReason.UnknownAsset);
            return;
        }

        var existing = _stakingProducts.GetValueOrDefault(command.AssetId);
        if (command.RatePpm is <= 0 or > StakingProduct.MaxRatePpm || command.Amount <= 0
            || command.DurationMs is < 0 or > StakingProduct.MaxDurationMs || command.PeriodMs is <= 0 or > StakingProduct.MaxDurationMs
            || (existing is not null && existing.PeriodMs != command.PeriodMs))
        {
            _scope.Reject(in command, RejectReason.InvalidStakingProduct);
            return;
        }

        // Stakes earn from the period after they are made, so the period the product starts in owes nothing.
        var product = existing ?? new StakingProduct(command.AssetId, command.PeriodMs, _scope.Timestamp / command.PeriodMs);
        product.RatePpm = command.RatePpm;
        product.MinimumAmount = command.Amount;
        product.UnbondingMs = command.DurationMs;
        _stakingProducts[command.AssetId] = product;

        // The event has no fields named for product terms; it carries them in these: Amount the minimum, Quantity the
        // rate (ppm), Period the period length (ms), ReleaseAt the unbonding time (ms).
        ref var e = ref _scope.Emit(EventType.StakingProductSet);
        e.AssetId = product.AssetId;
        e.Amount = product.MinimumAmount;
        e.Quantity = product.RatePpm;
        e.Period = product.PeriodMs;
        e.ReleaseAt = product.UnbondingMs;
    }

    /// <summary>Moves available funds into the stake; they earn from the first period that starts after now.</summary>
    public void Stake(in Command command)
    {
        if (!TryStartStakingRequest(in command, _stakeReferences, out var key, out var product))
        {
            return;
        }

        if (command.Amount < product.MinimumAmount)
        {
            _scope.Reject(in command, RejectReason.BelowMinimum);
            return;
        }

        var account = _ledger.Find(command.UserId);
        if (account is null || account.GetBalance(command.AssetId).Available < command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        ref var balance = ref _ledger.Touch(account, command.AssetId);
        balance.Available -= command.Amount;
        balance.Staked += command.Amount;

        var firstPeriod = product.PeriodAt(_scope.Timestamp) + 1;
        var position = GetOrCreatePosition(command.UserId, command.AssetId);
        AddLot(position.LotList, new StakeLot(command.Amount, firstPeriod, StakeLot.Open));
        _stakeReferences.Add(key, new StakingRequest(command.Sequence, command.AssetId, command.Amount, 0));

        ref var e = ref _scope.Emit(EventType.Staked);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.Period = firstPeriod;
        e.ReferenceId = command.Sequence;
        e.Reference = command.Reference;
    }

    /// <summary>
    /// Stops an amount earning now (newest stakes first) and starts its unbonding; it stays in the staked part of the
    /// balance until <see cref="ReleaseUnstaked"/> after the unbonding time. Ended periods not yet paid still pay it.
    /// </summary>
    public void Unstake(in Command command)
    {
        if (!TryStartStakingRequest(in command, _unstakeReferences, out var key, out var product))
        {
            return;
        }

        var position = GetStakingPosition(command.UserId, command.AssetId);
        if (position is null || position.StakedAmount < command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientStake);
            return;
        }

        // The amount earned for every period that ended before now; those not yet paid still owe it.
        var lastEarned = product.PeriodAt(_scope.Timestamp) - 1;
        var lots = position.LotList;
        var remaining = command.Amount;
        var trailing = new List<StakeLot>();
        for (var i = lots.Count - 1; i >= 0 && remaining > 0; i--)
        {
            var lot = lots[i];
            if (!lot.IsStaked)
            {
                continue;
            }

            var taken = Math.Min(lot.Amount, remaining);
            remaining -= taken;
            if (taken == lot.Amount)
            {
                lots.RemoveAt(i);
            }
            else
            {
                lots[i] = lot with { Amount = lot.Amount - taken };
            }

            if (lot.FirstPeriod <= lastEarned && lastEarned > product.LastPaidPeriod)
            {
                trailing.Add(new StakeLot(taken, lot.FirstPeriod, lastEarned));
            }
        }

        foreach (var lot in trailing)
        {
            AddLot(lots, lot);
        }

        var entry = new UnbondingEntry(command.Sequence, command.UserId, command.AssetId, command.Amount, _scope.Timestamp + product.UnbondingMs, command.Reference!);
        _unbonding.Add(entry);
        _unstakeReferences.Add(key, new StakingRequest(entry.Id, entry.AssetId, entry.Amount, entry.ReleaseAt));
        // The funds stay in the staked part of the balance until released: the balance itself does not change.
        ref var e = ref _scope.Emit(EventType.UnstakeStarted);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.ReleaseAt = entry.ReleaseAt;
        e.ReferenceId = entry.Id;
        e.Reference = entry.Reference;
    }

    /// <summary>
    /// Pays one ended period's rewards of one asset to every position that earned in it, from the rewards account —
    /// all or nothing. Periods are paid in increasing order; skipped ones are never paid.
    /// </summary>
    public void PayStakingRewards(in Command command)
    {
        if (!_stakingProducts.TryGetValue(command.AssetId, out var product))
        {
            _scope.Reject(in command, RejectReason.UnknownStakingProduct);
            return;
        }

        var period = command.Period;
        if (period <= product.LastPaidPeriod)
        {
            _scope.Reject(in command, RejectReason.PeriodAlreadyPaid);
            return;
        }

        if (period >= long.MaxValue / product.PeriodMs || product.EndOf(period) > _scope.Timestamp)
        {
            _scope.Reject(in command, RejectReason.PeriodNotEnded);
            return;
        }

        var positions = _stakingPositions.GetValueOrDefault(command.AssetId);
        var rewards = new List<(StakingPosition Position, long Reward, long Remainder)>();
        Int128 total = 0;
        foreach (var position in positions?.Values ?? Enumerable.Empty<StakingPosition>())
        {
            var eligible = position.EligibleIn(period);
            if (eligible == 0)
            {
                continue;
            }

            var numerator = (Int128)eligible * product.RatePpm * product.PeriodMs + position.RewardRemainder;
            var reward = (long)(numerator / RewardDivisor);
            rewards.Add((position, reward, (long)(numerator % RewardDivisor)));
            total += reward;
        }

        var rewardsAccount = _ledger.Find(SystemAccounts.StakingRewards);
        if (total > (rewardsAccount?.GetBalance(command.AssetId).Available ?? 0))
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        if (total > 0)
        {
            _ledger.Touch(rewardsAccount!, command.AssetId).Available -= (long)total;
        }

        foreach (var (position, reward, remainder) in rewards)
        {
            position.RewardRemainder = remainder;
            if (reward == 0)
            {
                continue;
            }

            position.TotalRewards += reward;
            _ledger.Touch(_ledger.Find(position.UserId)!, command.AssetId).Available += reward;
            ref var e = ref _scope.Emit(EventType.StakingRewardPaid);
            e.UserId = position.UserId;
            e.AssetId = command.AssetId;
            e.Amount = reward;
            e.Period = period;
            e.CounterUserId = SystemAccounts.StakingRewards;
            e.ReferenceId = command.Sequence;
        }

        // Unstaked lots owed nothing past their last period: once it is paid they are done.
        foreach (var position in positions?.Values ?? Enumerable.Empty<StakingPosition>())
        {
            position.LotList.RemoveAll(l => l.LastPeriod <= period);
        }

        product.LastPaidPeriod = period;
    }

    /// <summary>Returns every unstaked amount whose unbonding ended by now to its owner's available balance.</summary>
    public void ReleaseUnstaked(in Command command)
    {
        while (_unbonding.Count > 0 && _unbonding.Min!.ReleaseAt <= command.Timestamp)
        {
            var entry = _unbonding.Min;
            _unbonding.Remove(entry);
            ref var balance = ref _ledger.Touch(_ledger.Find(entry.UserId)!, entry.AssetId);
            balance.Staked -= entry.Amount;
            balance.Available += entry.Amount;

            ref var e = ref _scope.Emit(EventType.UnstakeReleased);
            e.UserId = entry.UserId;
            e.AssetId = entry.AssetId;
            e.Amount = entry.Amount;
            e.ReleaseAt = entry.ReleaseAt;
            e.ReferenceId = entry.Id;
            e.Reference = entry.Reference;
        }
    }

    /// <summary>
    /// The checks a stake and an unstake share: a valid ledger command from a user, under a reference not used before
    /// (a retry is refused with the original id), for a stakable asset.
    /// </summary>
    private bool TryStartStakingRequest(in Command command, Dictionary<UserReference, StakingRequest> references, out UserReference key,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StakingProduct? product)
    {
        key = default;
        product = null;
        if (!IsValidStakingCommand(in command))
        {
            return false;
        }

        key = new UserReference(command.UserId, command.Reference!);
        if (references.TryGetValue(key, out var earlier))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference, earlier.Id);
            return false;
        }

        if (!_stakingProducts.TryGetValue(command.AssetId, out product))
        {
            _scope.Reject(in command, RejectReason.UnknownStakingProduct);
            return false;
        }

        return true;
    }

    private bool IsValidStakingCommand(in Command command)
    {
        if (!_ledger.IsValidLedgerCommand(in command))
        {
            return false;
        }

        // Users stake; system accounts do not.
        if (SystemAccounts.IsSystem(command.UserId))
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return false;
        }

        return true;
    }

    private StakingPosition GetOrCreatePosition(long userId, int assetId)
    {
        if (!_stakingPositions.TryGetValue(assetId, out var positions))
        {
            positions = [];
            _stakingPositions.Add(assetId, positions);
        }

        if (!positions.TryGetValue(userId, out var position))
        {
            position = new StakingPosition(userId, assetId);
            positions.Add(userId, position);
        }

        return position;
    }

    // Lots with the same periods merge, so a position holds a handful of lots however often its owner stakes.
    private static void AddLot(List<StakeLot> lots, StakeLot lot)
    {
        var same = lots.FindIndex(l => l.FirstPeriod == lot.FirstPeriod && l.LastPeriod == lot.LastPeriod);
        if (same >= 0)
        {
            lots[same] = lots[same] with { Amount = lots[same].Amount + lot.Amount };
            return;
        }

        // Staked lots stay in stake order (oldest first) after the unstaked ones, so unstaking takes the newest.
        var at = lots.FindIndex(l => Compare(lot, l) < 0);
        lots.Insert(at < 0 ? lots.Count : at, lot);

        static int Compare(StakeLot a, StakeLot b) =>
            a.LastPeriod != b.LastPeriod ? a.LastPeriod.CompareTo(b.LastPeriod) : a.FirstPeriod.CompareTo(b.FirstPeriod);
    }

    // ---- snapshot: products, positions, unbonding and references, each in key order ----

    public void Write(BinaryWriter w)
    {
        w.Write(_stakingProducts.Count);
        foreach (var product in _stakingProducts.Values)
        {
            w.Write(product.AssetId);
            w.Write(product.RatePpm);
            w.Write(product.MinimumAmount);
            w.Write(product.UnbondingMs);
            w.Write(product.PeriodMs);
            w.Write(product.LastPaidPeriod);
        }

        var positions = _stakingPositions.OrderBy(p => p.Key).SelectMany(p => p.Value.Values).ToList();
        w.Write(positions.Count);
        foreach (var position in positions)
        {
            w.Write(position.UserId);
            w.Write(position.AssetId);
            w.Write(position.RewardRemainder);
            w.Write(position.TotalRewards);
            w.Write(position.LotList.Count);
            foreach (var lot in position.LotList)
            {
                w.Write(lot.Amount);
                w.Write(lot.FirstPeriod);
                w.Write(lot.LastPeriod);
            }
        }

        w.Write(_unbonding.Count);
        foreach (var entry in _unbonding)
        {
            w.Write(entry.Id);
            w.Write(entry.UserId);
            w.Write(entry.AssetId);
            w.Write(entry.Amount);
            w.Write(entry.ReleaseAt);
            w.Write(entry.Reference);
        }

        WriteStakingReferences(w, _stakeReferences);
        WriteStakingReferences(w, _unstakeReferences);
    }

    public void Read(BinaryReader r)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var assetId = r.ReadInt32();
            var ratePpm = r.ReadInt32();
            var minimum = r.ReadInt64();
            var unbonding = r.ReadInt64();
            var product = new StakingProduct(assetId, r.ReadInt64(), r.ReadInt64())
            {
                RatePpm = ratePpm,
                MinimumAmount = minimum,
                UnbondingMs = unbonding,
            };
            _stakingProducts.Add(assetId, product);
        }

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var position = GetOrCreatePosition(r.ReadInt64(), r.ReadInt32());
            position.RewardRemainder = r.ReadInt64();
            position.TotalRewards = r.ReadInt64();
            for (var lots = r.ReadInt32(); lots > 0; lots--)
            {
                position.LotList.Add(new StakeLot(r.ReadInt64(), r.ReadInt64(), r.ReadInt64()));
            }
        }

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            _unbonding.Add(new UnbondingEntry(r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadString()));
        }

        ReadStakingReferences(r, _stakeReferences);
        ReadStakingReferences(r, _unstakeReferences);
    }

    private static void WriteStakingReferences(BinaryWriter w, Dictionary<UserReference, StakingRequest> references)
    {
        var sorted = references.OrderBy(r => r.Key.UserId).ThenBy(r => r.Key.Reference, StringComparer.Ordinal).ToList();
        w.Write(sorted.Count);
        foreach (var (key, request) in sorted)
        {
            w.Write(key.UserId);
            w.Write(key.Reference);
            w.Write(request.Id);
            w.Write(request.AssetId);
            w.Write(request.Amount);
            w.Write(request.ReleaseAt);
        }
    }

    private static void ReadStakingReferences(BinaryReader r, Dictionary<UserReference, StakingRequest> references)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            references.Add(new UserReference(r.ReadInt64(), r.ReadString()), new StakingRequest(r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64()));
        }
    }
}
