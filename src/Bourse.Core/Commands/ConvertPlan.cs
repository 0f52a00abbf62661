using Bourse.Core.Model;

namespace Bourse.Core.Commands;

/// <summary>
/// What a convert would do against the books as they stand: the route (one market, or two through an intermediate
/// asset), the amount of the from asset it spends (after rounding to the first market's lot size), what it receives
/// net of trading fees, and those fees expressed in the to asset. <see cref="Reason"/> is None when it can execute.
/// </summary>
public sealed record ConvertPlan(
    RejectReason Reason,
    int FromAssetId,
    int ToAssetId,
    int MarketId,
    int ViaMarketId,
    long Spent,
    long Received,
    long Fee)
{
    public static ConvertPlan Refused(RejectReason reason, int fromAssetId, int toAssetId) =>
        new(reason, fromAssetId, toAssetId, 0, 0, 0, 0, 0);
}
