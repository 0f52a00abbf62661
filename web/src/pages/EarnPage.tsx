import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { isReplayed } from '../api/http';
import { getStakingPositions, getStakingProducts, getStakingRewards, stake, unstake, type StakingPosition, type StakingProduct, type StakingReward, type StakingRewardPage } from '../api/staking';
import type { Balance } from '../api/wallet';
import { scaleOf } from '../components/money/activity';
import { useBalanceChanges, useBalances } from '../api/useBalances';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../components/ui';
import { formatTime } from '../lib/format';
import { amountProblem, AttemptReference, formatApr, formatAssetAmount, formatDuration, isUncertain } from '../lib/money';
import { useLoad } from '../lib/useLoad';
import './EarnPage.css';

/** Staking: one card per product (stake / unstake), the positions, and the rewards paid; live on balance changes. */
export function EarnPage() {
  const products = useLoad(getStakingProducts, []);
  const positions = useLoad(getStakingPositions, []);
  const balances = useBalances();
  const [rewardsVersion, setRewardsVersion] = useState(0);
  const refresh = useCallback(() => {
    positions.reload();
    setRewardsVersion((v) => v + 1);
  }, [positions.reload]);
  useBalanceChanges(refresh);
  const changed = () => {
    balances.reload();
    refresh();
  };

  return (
    <div className="page earn-page">
      <h1>Earn</h1>
      <p className="muted intro">Stake an asset to earn rewards every period; unstaked funds return to your balance after the unbonding period.</p>
      {products.loading && !products.data && <Loading label="Loading products…" />}
      <ErrorText error={products.error} />
      {products.data && products.data.length === 0 && <Empty>Nothing can be staked on this exchange yet.</Empty>}
      <div className="products">
        {products.data?.map((product) => (
          <ProductCard
            key={product.asset}
            product={product}
            balance={balances.data?.find((b) => b.asset === product.asset)}
            position={positions.data?.find((p) => p.asset === product.asset)}
            onChanged={changed}
          />
        ))}
      </div>
      <div className="earn-tables">
        <Positions positions={positions.data} loading={positions.loading} error={positions.error} />
        <Rewards version={rewardsVersion} />
      </div>
    </div>
  );
}

export function ProductCard({
  product,
  balance,
  position,
  onChanged,
}: {
  product: StakingProduct;
  balance: Balance | undefined;
  position: StakingPosition | undefined;
  onChanged: () => void;
}) {
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const [busy, setBusy] = useState<'stake' | 'unstake' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const stakeAttempt = useRef(new AttemptReference());
  const unstakeAttempt = useRef(new AttemptReference());
  const scale = scaleOf(balance?.free) ?? scaleOf(product.minimum);
  const earning = position?.earning ?? '0';
  const stakedNow = position?.staked ?? '0';

  const submit = async (operation: 'stake' | 'unstake') => {
    setNotice(null);
    setError(null);
    const problem =
      operation === 'stake'
        ? amountProblem(amount, { maxDecimals: scale, minimum: product.minimum, available: balance?.free })
        : amountProblem(amount, { maxDecimals: scale, available: stakedNow, availableLabel: 'staked' });
    setAmountError(problem);
    if (problem) {
      return;
    }
    const request = { asset: product.asset, amount: amount.trim() };
    const attempt = operation === 'stake' ? stakeAttempt.current : unstakeAttempt.current;
    const clientReference = attempt.for(request);
    setBusy(operation);
    try {
      let replayed: boolean;
      if (operation === 'stake') {
        const { body: answer, headers } = await stake({ ...request, clientReference });
        replayed = isReplayed(headers);
        const text = `Staked ${formatAssetAmount(answer.amount)} ${product.asset}. It earns from the next reward period.`;
        setNotice(replayed ? `Your earlier attempt went through — nothing new was staked: ${text}` : text);
      } else {
        const { body: answer, headers } = await unstake({ ...request, clientReference });
        replayed = isReplayed(headers);
        const text = `Unstaked ${formatAssetAmount(answer.amount)} ${product.asset}: back in your balance at ${formatTime(answer.releaseAt)}.`;
        setNotice(replayed ? `Your earlier attempt went through — nothing new was unstaked: ${text}` : text);
      }
      attempt.settle();
      // An answer to an earlier attempt (Idempotent-Replayed) moved nothing new: the amount stays for the next click,
      // which is a new request under a new clientReference.
      if (!replayed) {
        setAmount('');
      }
      onChanged();
    } catch (e) {
      if (!isUncertain(e)) {
        attempt.settle();
      }
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit('stake');
  };

  return (
    <section className="panel product" data-testid={`product-${product.asset}`} aria-labelledby={`product-${product.asset}-title`}>
      <header className="product-header">
        <h2 id={`product-${product.asset}-title`}>{product.asset}</h2>
        <span className="apr" title="Yearly reward rate">
          {formatApr(product.apr)} <small>APR</small>
        </span>
      </header>
      <dl className="terms">
        <dt>Minimum</dt>
        <dd className="num">
          {formatAssetAmount(product.minimum)} {product.asset}
        </dd>
        <dt>Unbonding</dt>
        <dd>{formatDuration(product.unbondingPeriodMs)}</dd>
        <dt>Rewards paid every</dt>
        <dd>{formatDuration(product.rewardPeriodMs)}</dd>
        <dt>Available</dt>
        <dd className="num">{formatAssetAmount(balance?.free ?? '0')}</dd>
        <dt>Staked</dt>
        <dd className="num" data-testid={`staked-${product.asset}`}>
          {formatAssetAmount(stakedNow)}
        </dd>
        <dt>Earning now</dt>
        <dd className="num">{formatAssetAmount(earning)}</dd>
      </dl>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <Field label="Amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} error={amountError} />
        <div className="row actions">
          <Button type="submit" busy={busy === 'stake'} disabled={busy !== null}>
            Stake
          </Button>
          <Button type="button" className="button subtle" busy={busy === 'unstake'} disabled={busy !== null} onClick={() => void submit('unstake')}>
            Unstake
          </Button>
        </div>
        <ErrorText error={error} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </form>
    </section>
  );
}

function Positions({ positions, loading, error }: { positions: StakingPosition[] | undefined; loading: boolean; error: unknown }) {
  return (
    <Panel title="Positions">
      {loading && !positions && <Loading label="Loading positions…" />}
      <ErrorText error={error} />
      {positions && (
        <div className="table-scroll">
          <table data-testid="staking-positions">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col" className="num">Staked</th>
                <th scope="col" className="num">Earning</th>
                <th scope="col" className="num">Unbonding</th>
                <th scope="col" className="num">Rewards earned</th>
              </tr>
            </thead>
            <tbody>
              {positions.map((p) => (
                <tr key={p.asset} data-testid={`position-${p.asset}`}>
                  <th scope="row">{p.asset}</th>
                  <td className="num">{formatAssetAmount(p.staked)}</td>
                  <td className="num">{formatAssetAmount(p.earning)}</td>
                  <td className="num">
                    {formatAssetAmount(p.unbonding)}
                    {p.unbondingEntries.map((entry) => (
                      <small key={entry.unstakeId} className="release muted">
                        {formatAssetAmount(entry.amount)} at {formatTime(entry.releaseAt)}
                      </small>
                    ))}
                  </td>
                  <td className="num up">{formatAssetAmount(p.totalRewards)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {positions.length === 0 && <Empty>You have not staked anything yet.</Empty>}
        </div>
      )}
    </Panel>
  );
}

function Rewards({ version }: { version: number }) {
  const [page, setPage] = useState<{ rewards: StakingReward[]; totals: StakingRewardPage['totals']; cursor?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadedMore = useRef(false);

  useEffect(() => {
    let live = true;
    getStakingRewards({ limit: 20 })
      .then((first) => {
        if (!live) {
          return;
        }
        setPage((shown) => {
          if (shown && loadedMore.current) {
            const key = (r: StakingReward) => `${r.asset}:${r.period}`;
            const known = new Set(shown.rewards.map(key));
            return { rewards: [...first.rewards.filter((r) => !known.has(key(r))), ...shown.rewards], totals: first.totals, cursor: shown.cursor };
          }
          return { rewards: first.rewards, totals: first.totals, cursor: first.nextCursor ?? undefined };
        });
        setError(null);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [version]);

  const loadMore = async () => {
    if (!page?.cursor) {
      return;
    }
    setLoadingMore(true);
    try {
      const next = await getStakingRewards({ limit: 20, cursor: page.cursor });
      loadedMore.current = true;
      setPage((shown) => ({ rewards: [...(shown?.rewards ?? []), ...next.rewards], totals: next.totals, cursor: next.nextCursor ?? undefined }));
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Panel
      title="Reward history"
      actions={
        page && page.totals.length > 0 ? (
          <span className="muted totals">
            Total: {page.totals.map((t) => `${formatAssetAmount(t.total)} ${t.asset}`).join(', ')}
          </span>
        ) : undefined
      }
    >
      {!page && !error && <Loading label="Loading rewards…" />}
      <ErrorText error={error} />
      {page && (
        <div className="table-scroll">
          <table data-testid="staking-rewards">
            <thead>
              <tr>
                <th scope="col">Paid</th>
                <th scope="col">Asset</th>
                <th scope="col" className="num">Amount</th>
                <th scope="col">Period</th>
              </tr>
            </thead>
            <tbody>
              {page.rewards.map((r) => (
                <tr key={`${r.asset}:${r.period}`}>
                  <td className="muted nowrap">{formatTime(r.paidAt)}</td>
                  <td>{r.asset}</td>
                  <td className="num up">+{formatAssetAmount(r.amount)}</td>
                  <td className="muted nowrap">
                    {formatTime(r.periodStart)} – {formatTime(r.periodEnd).slice(11)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.rewards.length === 0 && <Empty>No rewards yet: they are paid after each period you were staked for.</Empty>}
        </div>
      )}
      {page?.cursor && (
        <Button type="button" className="button subtle load-more" busy={loadingMore} onClick={() => void loadMore()}>
          Load more
        </Button>
      )}
    </Panel>
  );
}
