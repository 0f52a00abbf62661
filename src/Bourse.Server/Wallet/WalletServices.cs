using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Identity;
using Bourse.Server.Email;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Views;
using Bourse.Store;

namespace Bourse.Server.Wallet;

/// <summary>The services the transfer and wallet-history handlers use, bundled for minimal APIs.</summary>
public sealed record WalletServices(EngineHost Host, ReferenceDataView Reference, HistoryProjection History, IUserStore Users,
    SecondFactor SecondFactor, EmailOutbox Outbox, ILoggerFactory Logging, UserLocks Locks)
{
    public AssetSpec? Asset(string code) => Reference.Assets.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.Ordinal));

    /// <summary>An amount in an asset's units as its decimal string; the asset id when the asset is not (or no longer) listed.</summary>
    public (string Code, string Amount) Format(int assetId, long amount) =>
        Reference.FindAsset(assetId) is { } asset
            ? (asset.Code, DecimalUnits.Format(amount, asset.Scale))
            : (assetId.ToString(System.Globalization.CultureInfo.InvariantCulture), amount.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The masked counterparties of some activities, looked up once each.</summary>
    public async Task<Dictionary<long, TransferCounterparty>> CounterpartiesAsync(IEnumerable<Activity> activities, CancellationToken cancellationToken)
    {
        var counterparties = new Dictionary<long, TransferCounterparty>();
        foreach (var id in activities.Where(a => a.CounterpartyId != 0).Select(a => a.CounterpartyId).Distinct())
        {
            var user = await Users.FindAsync(id, cancellationToken).ConfigureAwait(false);
            counterparties[id] = new TransferCounterparty(id, user is null ? null : MaskedEmail.Of(user.Email));
        }

        return counterparties;
    }
}
