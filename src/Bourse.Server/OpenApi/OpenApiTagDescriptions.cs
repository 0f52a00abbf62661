namespace Bourse.Server.OpenApi;

/// <summary>
/// What each tag (<c>.WithTags</c>) groups, shown as its section text in /docs. A new tag gets a line here; until it
/// does, <see cref="BourseDocumentTransformer"/> describes it by the paths it covers.
/// </summary>
public static class OpenApiTagDescriptions
{
    /// <summary>The tag of an /api/v1 operation mapped without <c>.WithTags</c>.</summary>
    public const string Platform = "Platform";

    /// <summary>The tag of an /api/v3 operation mapped without <c>.WithTags</c>.</summary>
    public const string Binance = "Binance";

    public static IReadOnlyDictionary<string, string> Known { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Platform] = "Bourse's own platform API (`/api/v1`): JWT bearer authentication, RFC 7807 problem details on errors.",
        [Binance] = "The Binance-compatible API (`/api/v3`).",
        ["Binance general"] = "Binance-compatible connectivity and server time (`/api/v3`).",
        ["Binance market data"] = "Binance-compatible public market data: trading rules, books, trades, candlesticks, tickers (`/api/v3`).",
        ["Binance trading"] = "Binance-compatible signed trading and account endpoints (`/api/v3`, TRADE and USER_DATA).",
        ["Binance user data"] = "Binance-compatible listenKey management for the user data stream (`/api/v3`, USER_STREAM).",
        ["Auth"] = "Sign-up, email verification, sign-in (with 2FA), token refresh, sign-out, password reset (`/api/v1/auth`).",
        ["Account"] = "The signed-in user's profile, password, two-factor authentication and security log (`/api/v1/account`).",
        ["Sessions"] = "The signed-in user's sessions (devices): list and revoke (`/api/v1/sessions`).",
        ["API keys"] = "Keys for the Binance-compatible API: create (secret shown once), list, revoke (`/api/v1/api-keys`).",
        ["Convert"] = "Swap one asset for another at a live quote, all or nothing, never worse than quoted; history by reference (`/api/v1/convert`).",
        ["Staking"] = "Stake to earn: stakable assets, stake and unstake, positions and reward history (`/api/v1/staking`).",
        ["Transfers"] = "Sending funds to another user by email or user id, idempotent by clientReference; both sides list them (`/api/v1/transfers`).",
        ["Wallet"] = "Every deposit, withdrawal, transfer, convert and staking movement of the user (`/api/v1/wallet/history`).",
        ["Demo"] = "Demo mode only: play money for a new account (`/api/v1/demo/faucet`).",
        ["Portfolio"] = "The signed-in user's holdings valued at live prices, value over time, profit and loss, statistics (`/api/v1/portfolio`).",
        ["Admin"] = "Operator endpoints: audit log queries and per-account 2FA policy (`/api/v1/admin`).",
    };
}
