using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Identity;

namespace Bourse.Server.Admin;

/// <summary>
/// Freezing and unfreezing an account. Trading and withdrawals are the core's (<c>SetAccountRestrictions</c>, so the
/// engine refuses a frozen user's orders and withdrawals deterministically, in replay too); sign-in is identity's
/// (the users row): a sign-in freeze ends every session and suspends the user's API keys, which ends their listenKeys
/// and streams. The core command goes first: when the engine cannot take it nothing else changes.
/// </summary>
public static class UserFreezes
{
    /// <summary>What <see cref="SetAsync"/> did: the restrictions before, whether the engine was too busy to take the change, how many orders it canceled.</summary>
    public readonly record struct Outcome(AdminUserRestrictions Before, bool Busy, int CanceledOrders);

    public static async Task<Outcome> SetAsync(PlatformAdminUsersApi.AdminUserServices s, UserRecord user, AccountRestrictions wanted, bool loginFrozen,
        string reason, long operatorId, bool cancelOpenOrders)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(user);
        var current = s.Views.Standing(user.Id).Restrictions;
        var before = new AdminUserRestrictions(current.HasFlag(AccountRestrictions.Trading), current.HasFlag(AccountRestrictions.Withdrawals), user.LoginFrozen);
        if (current != wanted)
        {
            var outcome = await s.Host.Gateway.SubmitAsync(Command.SetAccountRestrictions(user.Id, wanted)).ConfigureAwait(false);
            if (outcome.Status != global::Bourse.Trading.SubmitStatus.Accepted)
            {
                return new(before, true, 0);
            }
        }

        await s.Users.SetRestrictionsAsync(user.Id, loginFrozen, reason, operatorId, s.Now, CancellationToken.None).ConfigureAwait(false);
        s.Keys.SetSuspended(user.Id, loginFrozen);
        if (loginFrozen)
        {
            await EndSessionsAsync(s, user.Id, "account_frozen").ConfigureAwait(false);
        }

        var canceled = 0;
        if (cancelOpenOrders)
        {
            foreach (var marketId in s.Views.OpenOrders(user.Id).Select(o => o.State.MarketId).Distinct().ToList())
            {
                var outcome = await s.Host.Gateway.SubmitAsync(Command.CancelAll(user.Id, marketId)).ConfigureAwait(false);
                canceled += outcome.Events.Count(e => e.Type == EventType.OrderCanceled);
            }
        }

        return new(before, false, canceled);
    }

    /// <summary>Ends every live session of the user and the web streams opened with them; returns how many.</summary>
    public static async Task<int> EndSessionsAsync(PlatformAdminUsersApi.AdminUserServices s, long userId, string reason)
    {
        ArgumentNullException.ThrowIfNull(s);
        var live = await LiveSessionsAsync(s, userId).ConfigureAwait(false);
        var ended = await s.Sessions.RevokeAllAsync(userId, reason, s.Now, null, CancellationToken.None).ConfigureAwait(false);
        foreach (var sessionId in live)
        {
            s.ListenKeys.EndSession(sessionId);
        }

        return ended;
    }

    /// <summary>The ids of the user's sessions not yet revoked (the newest thousand: more is not a person's devices).</summary>
    public static async Task<IReadOnlyList<string>> LiveSessionsAsync(PlatformAdminUsersApi.AdminUserServices s, long userId)
    {
        ArgumentNullException.ThrowIfNull(s);
        return [.. (await s.Sessions.ForUserAsync(userId, 1000, CancellationToken.None).ConfigureAwait(false)).Where(x => x.RevokedAt is null).Select(x => x.Id)];
    }
}
