import { useState, type FormEvent } from 'react';
import { admin, type Asset, type FeeTier, type Market, type MarketStatus, type NewMarket } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';
import { statusLabel } from './DashboardPage';

/**
 * Listing: assets (create; deposits and withdrawals on or off), markets (create; status TRADING / HALTED / CANCEL_ONLY
 * with a reason; delist after a confirmation that names the market), fee tiers. A listing file applied with
 * `bourse listing apply` lands here too: this page reads the running exchange.
 */
export function ListingPage() {
  const assets = useLoad(admin.assets, []);
  const markets = useLoad(admin.markets, []);
  const tiers = useLoad(admin.feeTiers, []);
  return (
    <div className="page admin-page">
      <h1>Listing</h1>
      <div className="stack">
        <AssetsPanel assets={assets.data} loading={assets.loading} error={assets.error} onChanged={assets.reload} />
        <MarketsPanel
          markets={markets.data}
          assets={assets.data ?? []}
          loading={markets.loading}
          error={markets.error}
          onChanged={markets.reload}
        />
        <FeeTiersPanel tiers={tiers.data} loading={tiers.loading} error={tiers.error} onChanged={tiers.reload} />
      </div>
    </div>
  );
}

function AssetsPanel({ assets, loading, error, onChanged }: { assets?: Asset[]; loading: boolean; error: unknown; onChanged: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const toggle = async (asset: Asset, change: Partial<Asset>) => {
    setBusy(asset.code);
    setActionError(null);
    try {
      await admin.updateAsset(asset.code, change);
      onChanged();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Panel title="Assets">
      {loading && !assets && <Loading />}
      <ErrorText error={error} />
      {assets && assets.length === 0 && <Empty>No assets yet.</Empty>}
      {assets && assets.length > 0 && (
        <div className="table-scroll">
          <table data-testid="admin-assets">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Decimals
                </th>
                <th scope="col">Deposits</th>
                <th scope="col">Withdrawals</th>
              </tr>
            </thead>
            <tbody>
              {assets.map((a) => (
                <tr key={a.code} data-testid={`asset-${a.code}`}>
                  <th scope="row">{a.code}</th>
                  <td>{a.name}</td>
                  <td className="num">{a.scale}</td>
                  <td>
                    <label className="inline-check">
                      <input
                        type="checkbox"
                        checked={a.depositsEnabled}
                        disabled={busy === a.code}
                        onChange={(e) => void toggle(a, { depositsEnabled: e.target.checked })}
                      />
                      <span>
                        {a.depositsEnabled ? 'On' : 'Off'}
                        <span className="sr-only"> — deposits of {a.code}</span>
                      </span>
                    </label>
                  </td>
                  <td>
                    <label className="inline-check">
                      <input
                        type="checkbox"
                        checked={a.withdrawalsEnabled}
                        disabled={busy === a.code}
                        onChange={(e) => void toggle(a, { withdrawalsEnabled: e.target.checked })}
                      />
                      <span>
                        {a.withdrawalsEnabled ? 'On' : 'Off'}
                        <span className="sr-only"> — withdrawals of {a.code}</span>
                      </span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorText error={actionError} />
      <NewAssetForm onCreated={onChanged} />
    </Panel>
  );
}

function NewAssetForm({ onCreated }: { onCreated: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [scale, setScale] = useState('8');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await admin.createAsset({ code: code.trim().toUpperCase(), name: name.trim(), scale: Number(scale), depositsEnabled: true, withdrawalsEnabled: true });
      setCode('');
      setName('');
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="admin-create">
      <summary>New asset</summary>
      <form onSubmit={submit} className="admin-form" noValidate>
        <Field label="Asset code" value={code} required onChange={(e) => setCode(e.target.value)} />
        <Field label="Asset name" value={name} required onChange={(e) => setName(e.target.value)} />
        <Field label="Decimals" type="number" min={0} max={18} value={scale} required onChange={(e) => setScale(e.target.value)} />
        <ErrorText error={error} />
        <Button type="submit" busy={busy}>
          Create asset
        </Button>
      </form>
    </details>
  );
}

function MarketsPanel({
  markets,
  assets,
  loading,
  error,
  onChanged,
}: {
  markets?: Market[];
  assets: Asset[];
  loading: boolean;
  error: unknown;
  onChanged: () => void;
}) {
  return (
    <Panel title="Markets">
      {loading && !markets && <Loading />}
      <ErrorText error={error} />
      {markets && markets.length === 0 && <Empty>No markets yet.</Empty>}
      {markets && markets.length > 0 && (
        <ul className="admin-markets" aria-label="Markets">
          {markets.map((m) => (
            <MarketRow key={m.symbol} market={m} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <NewMarketForm assets={assets} onCreated={onChanged} />
    </Panel>
  );
}

const settableStatuses: Array<Exclude<MarketStatus, 'DELISTED'>> = ['TRADING', 'HALTED', 'CANCEL_ONLY'];

/** One market: its filters, a status change with a reason, and delisting behind a confirmation. */
export function MarketRow({ market, onChanged }: { market: Market; onChanged: () => void }) {
  const [status, setStatus] = useState<Exclude<MarketStatus, 'DELISTED'>>(market.status === 'DELISTED' ? 'HALTED' : market.status);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const delisted = market.status === 'DELISTED';

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setReason('');
      setConfirming(false);
      setTyped('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const changeStatus = (event: FormEvent) => {
    event.preventDefault();
    void run(() => admin.setMarketStatus(market.symbol, status, reason.trim()));
  };

  return (
    <li className="admin-market" data-testid={`market-${market.symbol}`} aria-label={market.symbol}>
      <div className="row admin-market-head">
        <h3>{market.symbol}</h3>
        <span className={`status-pill status-${market.status.toLowerCase()}`} data-testid="market-status">
          {statusLabel(market.status)}
        </span>
        <span className="muted">
          {market.baseAsset}/{market.quoteAsset} · tick {market.tickSize} · lot {market.lotSize} · qty {market.minQuantity}–{market.maxQuantity} · min
          notional {market.minNotional} · band {market.marketOrderBand}
        </span>
      </div>
      {!delisted && (
        <form className="row admin-inline-form" onSubmit={changeStatus} noValidate>
          <label>
            <span className="sr-only">Status of {market.symbol}</span>
            <select aria-label={`Status of ${market.symbol}`} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              {settableStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <input
            aria-label={`Reason for ${market.symbol}`}
            placeholder="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button type="submit" busy={busy && !confirming} disabled={!reason.trim() || status === market.status}>
            Change status
          </Button>
          <button type="button" className="button subtle danger" onClick={() => setConfirming(true)} disabled={confirming}>
            Delist…
          </button>
        </form>
      )}
      {confirming && (
        <div role="alertdialog" aria-label={`Delist ${market.symbol}`} className="admin-confirm">
          <p>
            Delisting <strong>{market.symbol}</strong> cancels every open order (their funds return to their owners) and closes the
            market for good. It cannot be undone.
          </p>
          <div className="row">
            <input aria-label="Reason for delisting" placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            <input
              aria-label={`Type ${market.symbol} to confirm`}
              placeholder={market.symbol}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
            <Button
              type="button"
              className="button danger"
              busy={busy}
              disabled={typed !== market.symbol || !reason.trim()}
              onClick={() => void run(() => admin.delistMarket(market.symbol, reason.trim()))}
            >
              Delist {market.symbol}
            </Button>
            <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorText error={error} />
    </li>
  );
}

const emptyMarket: NewMarket = {
  symbol: '',
  baseAsset: '',
  quoteAsset: '',
  tickSize: '0.01',
  lotSize: '0.0001',
  minQuantity: '0.0001',
  maxQuantity: '1000',
  minNotional: '10',
};

function NewMarketForm({ assets, onCreated }: { assets: Asset[]; onCreated: () => void }) {
  const [market, setMarket] = useState<NewMarket>(emptyMarket);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (field: keyof NewMarket) => (e: { target: { value: string } }) => setMarket((m) => ({ ...m, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const symbol = market.symbol.trim() || `${market.baseAsset}${market.quoteAsset}`;
      await admin.createMarket({ ...market, symbol, status: 'TRADING' });
      setMarket(emptyMarket);
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const assetSelect = (label: string, field: 'baseAsset' | 'quoteAsset') => (
    <div className="field">
      <label>
        {label}
        <select value={market[field]} onChange={set(field)} required>
          <option value="">—</option>
          {assets.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  return (
    <details className="admin-create">
      <summary>New market</summary>
      <form onSubmit={submit} className="admin-form" noValidate>
        {assetSelect('Base asset', 'baseAsset')}
        {assetSelect('Quote asset', 'quoteAsset')}
        <Field label="Symbol" placeholder={`${market.baseAsset}${market.quoteAsset}`} value={market.symbol} onChange={set('symbol')} />
        <Field label="Tick size" value={market.tickSize} onChange={set('tickSize')} />
        <Field label="Lot size" value={market.lotSize} onChange={set('lotSize')} />
        <Field label="Minimum quantity" value={market.minQuantity} onChange={set('minQuantity')} />
        <Field label="Maximum quantity" value={market.maxQuantity} onChange={set('maxQuantity')} />
        <Field label="Minimum notional" value={market.minNotional} onChange={set('minNotional')} />
        <ErrorText error={error} />
        <Button type="submit" busy={busy}>
          Create market
        </Button>
      </form>
    </details>
  );
}

function FeeTiersPanel({ tiers, loading, error, onChanged }: { tiers?: FeeTier[]; loading: boolean; error: unknown; onChanged: () => void }) {
  return (
    <Panel title="Fee tiers">
      {loading && !tiers && <Loading />}
      <ErrorText error={error} />
      {tiers && tiers.length === 0 && <Empty>No fee tiers yet.</Empty>}
      {tiers && tiers.length > 0 && (
        <ul className="admin-tiers" aria-label="Fee tiers">
          {tiers.map((t) => (
            <FeeTierRow key={t.tier} tier={t} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <p className="muted">Rates are fractions: 0.001 is 0.1 %. A tier number not listed yet is created when saved.</p>
      <FeeTierRow key={`new-${tiers?.length ?? 0}`} tier={{ tier: (tiers?.reduce((max, t) => Math.max(max, t.tier), -1) ?? -1) + 1, makerRate: '', takerRate: '' }} onChanged={onChanged} isNew />
    </Panel>
  );
}

function FeeTierRow({ tier, onChanged, isNew }: { tier: FeeTier; onChanged: () => void; isNew?: boolean }) {
  const [number, setNumber] = useState(String(tier.tier));
  const [maker, setMaker] = useState(tier.makerRate);
  const [taker, setTaker] = useState(tier.takerRate);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = isNew ? 'new tier' : `tier ${tier.tier}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await admin.setFeeTier(Number(isNew ? number : tier.tier), maker.trim(), taker.trim());
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li data-testid={isNew ? 'fee-tier-new' : `fee-tier-${tier.tier}`}>
      <form className="row admin-inline-form" onSubmit={submit} noValidate>
        {isNew ? (
          <input aria-label="New tier number" type="number" min={0} value={number} onChange={(e) => setNumber(e.target.value)} className="narrow" />
        ) : (
          <strong className="tier-name">Tier {tier.tier}</strong>
        )}
        <input aria-label={`Maker rate of ${name}`} placeholder="maker" value={maker} onChange={(e) => setMaker(e.target.value)} />
        <input aria-label={`Taker rate of ${name}`} placeholder="taker" value={taker} onChange={(e) => setTaker(e.target.value)} />
        <Button type="submit" busy={busy} className="button subtle">
          {isNew ? 'Add tier' : 'Save'}
        </Button>
      </form>
      <ErrorText error={error} />
    </li>
  );
}
