using System.Text.Json.Serialization;

namespace Bourse.Server.Admin;

/// <summary>What is frozen on an account: trading and withdrawals in the core, sign-in in identity.</summary>
public sealed record AdminUserRestrictions(bool Trading, bool Withdrawals, bool Login);

/// <summary>One user in a search result.</summary>
public sealed record AdminUserSummary(long UserId, string Email, bool EmailVerified, bool TwoFactorEnabled, AdminUserRestrictions Restrictions, long CreatedAt);

/// <summary>A page of users, newest first; <c>next</c> is the <c>before</c> of the next page (null on the last).</summary>
public sealed record AdminUserPage(IReadOnlyList<AdminUserSummary> Users, long? Next);

public sealed record AdminUserProfile(long UserId, string Email, bool EmailVerified, bool TwoFactorEnabled, bool TwoFactorRequired, long CreatedAt, int FeeTier);

/// <summary>The restrictions in force and why they were last set (null when never).</summary>
public sealed record AdminRestrictionsView(bool Trading, bool Withdrawals, bool Login, string? Reason);

public sealed record AdminBalance(string Asset, string Available, string Locked, string Staked);

public sealed record AdminOpenOrder(string Symbol, long OrderId, string Side, string Type, string Price, string OrigQty, string ExecutedQty, string Status, long Time);

public sealed record AdminTrade(string Symbol, long TradeId, long OrderId, string Side, string Price, string Qty, string Commission, string CommissionAsset, long Time);

public sealed record AdminSession(string Id, long CreatedAt, long LastSeenAt, string Ip, string UserAgent, bool SecondFactor);

/// <summary>An API key as support sees it: never its secret.</summary>
public sealed record AdminApiKey(string Id, string Label, IReadOnlyList<string> Permissions, long CreatedAt, bool Revoked);

public sealed record AdminSecurityEvent(string Type, long Time, string Ip, string Detail);

/// <summary>A user's page in the back office; every list is bounded (see <see cref="PlatformAdminUsersApi"/>).</summary>
public sealed record AdminUserDetail(
    AdminUserProfile Profile,
    AdminRestrictionsView Restrictions,
    IReadOnlyList<AdminBalance> Balances,
    IReadOnlyList<AdminOpenOrder> OpenOrders,
    IReadOnlyList<AdminTrade> RecentTrades,
    IReadOnlyList<AdminSession> Sessions,
    IReadOnlyList<AdminApiKey> ApiKeys,
    IReadOnlyList<AdminSecurityEvent> SecurityLog);

/// <summary>PUT /users/{userId}/restrictions: the whole set, with a reason; optionally cancel every open order after the freeze.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RestrictionsRequest(bool? Trading, bool? Withdrawals, bool? Login, string? Reason, bool? CancelOpenOrders);

/// <summary>One session, or (absent) every session.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SessionRevokeRequest(string? SessionId);

/// <summary>One API key, or (absent) every key.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApiKeyRevokeRequest(string? KeyId);
