namespace Bourse.Server.ApiKeys;

/// <summary>
/// What a key may do: <c>read</c> for USER_DATA and USER_STREAM endpoints, <c>trade</c> for TRADE endpoints,
/// <c>withdraw</c> for withdrawals (reserved: no endpoint withdraws with an API key yet).
/// </summary>
public static class ApiKeyPermissions
{
    public const string Read = "read";
    public const string Trade = "trade";
    public const string Withdraw = "withdraw";

    /// <summary>Every permission, in the order they are stored and shown.</summary>
    public static readonly IReadOnlyList<string> All = [Read, Trade, Withdraw];
}
