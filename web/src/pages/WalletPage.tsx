import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/ApiError';
import { useAuth } from '../api/AuthContext';
import { isReplayed } from '../api/http';
import { claimDemoFunds, getWalletHistory, sendTransfer, type Activity, type Balance, type Transfer } from '../api/wallet';
import { activityKey, activityKinds, kindLabel, scaleOf } from '../components/money/activity';
import { usePagedList } from '../lib/usePagedList';
import { useBalanceChanges, useBalances } from '../api/useBalances';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../components/ui';
import { formatTime, formatTrimmed } from '../lib/format';
import { amountProblem, AttemptReference, formatAssetAmount, isEmail, isUncertain } from '../lib/money';
import './WalletPage.css';

/** Balances (free, locked, staked; live), the demo faucet, transfers to another user by email, and the history. */
export function WalletPage() {
  const balances = useBalances();
  const [historyVersion, setHistoryVersion] = useState(0);
  const refreshHistory = useCallback(() => setHistoryVersion((v) => v + 1), []);
  useBalanceChanges(refreshHistory);
  const changed = () => {
    balances.reload();
    refreshHistory();
  };

  return (
    <div className="page wallet-page">
      <h1>Wallet</h1>
      <div className="wallet-layout">
        <BalancesPanel balances={balances.data} loading={balances.loading} error={balances.error} onChanged={changed} />
        <TransferPanel balances={balances.data ?? []} onSent={changed} />
      </div>
      <HistoryPanel version={historyVersion} />
    </div>
  );
}

function BalancesPanel({
  balances,
  loading,
  error,
  onChanged,
}: {
  balances: Balance[] | undefined;
  loading: boolean;
  error: unknown;
  onChanged: () => void;
}) {
  const [claiming, setClaiming] = useState(false);
  const [claimError, setClaimError] = useState<unknown>(null);
  const [claimed, setClaimed] = useState<Array<{ asset: string; amount: string }> | null>(null);

  const claim = async () => {
    setClaiming(true);
    setClaimError(null);
    setClaimed(null);
    try {
      const answer = await claimDemoFunds();
      setClaimed(answer.credited);
      onChanged();
    } catch (e) {
      // Outside demo mode the faucet does not exist at all.
      setClaimError(e instanceof ApiError && e.status === 404 ? new Error('Demo funds are only given on a demo server.') : e);
    } finally {
      setClaiming(false);
    }
  };

  return (
    <Panel
      title="Balances"
      className="balances-panel"
      actions={
        <Button type="button" className="button subtle" busy={claiming} onClick={() => void claim()}>
          Claim demo funds
        </Button>
      }
    >
      <ErrorText error={claimError} />
      {claimed && (
        <p className="notice" role="status">
          Demo funds credited: {claimed.map((c) => `${formatAssetAmount(c.amount)} ${c.asset}`).join(', ')}.
        </p>
      )}
      {loading && !balances && <Loading label="Loading balances…" />}
      <ErrorText error={error} />
      {balances && (
        <div className="table-scroll">
          <table className="balances-table">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col" className="num">Free</th>
                <th scope="col" className="num">Locked</th>
                <th scope="col" className="num">Staked</th>
              </tr>
            </thead>
            <tbody>
              {balances.map((b) => (
                <tr key={b.asset} data-testid={`balance-${b.asset}`}>
                  <th scope="row">{b.asset}</th>
                  <td className="num" data-testid={`free-${b.asset}`}>
                    {formatTrimmed(b.free, 8, 2)}
                  </td>
                  <td className="num muted" data-testid={`locked-${b.asset}`}>
                    {formatTrimmed(b.locked, 8, 2)}
                  </td>
                  <td className="num muted" data-testid={`staked-${b.asset}`}>
                    {formatTrimmed(b.staked, 8, 2)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {balances.length === 0 && <Empty>No assets are listed.</Empty>}
        </div>
      )}
      <p className="hint wallet-links">
        <Link to="/convert">Convert</Link> · <Link to="/earn">Earn</Link> · <Link to="/portfolio">Portfolio</Link>
      </p>
    </Panel>
  );
}

interface TransferErrors {
  email?: string;
  amount?: string;
  code?: string;
}

/** Sends funds to another user by email; one clientReference per request, reused only to retry an unanswered one. */
export function TransferPanel({ balances, onSent }: { balances: Balance[]; onSent: () => void }) {
  const { profile } = useAuth();
  const [email, setEmail] = useState('');
  const [asset, setAsset] = useState('');
  const [amount, setAmount] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<TransferErrors>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<(Transfer & { replayed: boolean }) | null>(null);
  const attempt = useRef(new AttemptReference());
  const twoFactor = profile?.twoFactorEnabled === true;

  useEffect(() => {
    if (!asset && balances.length > 0) {
      setAsset(balances.find((b) => b.asset === 'USDT')?.asset ?? balances[0].asset);
    }
  }, [balances, asset]);

  const balance = balances.find((b) => b.asset === asset);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    setError(null);
    const found: TransferErrors = {};
    if (!isEmail(email)) {
      found.email = 'Enter the recipient’s email address.';
    } else if (profile && email.trim().toLowerCase() === profile.email.toLowerCase()) {
      found.email = 'You cannot send to yourself.';
    }
    found.amount = amountProblem(amount, { maxDecimals: scaleOf(balance?.free), available: balance?.free });
    if (twoFactor && !/^\s*[0-9A-Za-z-]{6,}\s*$/.test(code)) {
      found.code = 'Enter the code from your authenticator app.';
    }
    setErrors(found);
    if (found.email || found.amount || found.code) {
      return;
    }
    const request = { toEmail: email.trim(), asset, amount: amount.trim() };
    const clientReference = attempt.current.for(request);
    setSending(true);
    try {
      const { body: transfer, headers } = await sendTransfer(twoFactor ? { ...request, clientReference, code: code.trim() } : { ...request, clientReference });
      attempt.current.settle();
      const replayed = isReplayed(headers);
      setSent({ ...transfer, replayed });
      // An answer to an earlier attempt (Idempotent-Replayed) sent nothing new: the amount stays for the transfer that
      // may have been meant, which the next click sends under a new clientReference.
      if (!replayed) {
        setAmount('');
      }
      setCode('');
      onSent();
    } catch (e) {
      if (!isUncertain(e)) {
        attempt.current.settle();
      }
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <Panel title="Send to another user" className="transfer-panel">
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Recipient email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <div className="field">
          <label htmlFor="transfer-asset">Asset</label>
          <select id="transfer-asset" value={asset} onChange={(e) => setAsset(e.target.value)}>
            {balances.map((b) => (
              <option key={b.asset} value={b.asset}>
                {b.asset}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.amount}
          hint={balance ? `Available: ${formatAssetAmount(balance.free)} ${balance.asset}` : undefined}
        />
        {twoFactor && (
          <Field
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={errors.code}
          />
        )}
        <Button type="submit" busy={sending}>
          Send
        </Button>
        <ErrorText error={error} />
        {sent && (
          <p className={sent.replayed ? 'notice warning' : 'notice'} role="status">
            {sent.replayed && 'Your earlier attempt went through — no new transfer was made: '}
            Sent {formatAssetAmount(sent.amount)} {sent.asset} to {sent.counterparty.email ?? email} (transfer {sent.id}).
          </p>
        )}
      </form>
    </Panel>
  );
}

function HistoryPanel({ version }: { version: number }) {
  const [kind, setKind] = useState('');
  // A new filter starts the list over; a live refresh merges the newest page onto the pages shown.
  const history = usePagedList(
    (cursor) =>
      getWalletHistory({ kind, limit: 20, cursor }).then((page) => ({ rows: page.activities, nextCursor: page.nextCursor ?? undefined })),
    activityKey,
    [kind],
  );
  const { reload } = history;
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  const rows = history.rows;

  return (
    <Panel
      title="History"
      className="history-panel"
      actions={
        <div className="row">
          <label htmlFor="history-kind">Kind</label>
          <select id="history-kind" className="kind-filter" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All</option>
            {activityKinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {history.loading && !rows && <Loading label="Loading history…" />}
      {rows && (
        <div className="table-scroll">
          <table data-testid="wallet-history" className="history-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Asset</th>
                <th scope="col" className="num">Amount</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={activityKey(a)} data-kind={a.kind}>
                  <td className="muted nowrap">{formatTime(a.time)}</td>
                  <td>{kindLabel(a.kind)}</td>
                  <td>{a.asset}</td>
                  <td className={`num ${signOf(a) === '+' ? 'up' : signOf(a) === '-' ? 'down' : ''}`}>
                    {signOf(a)}
                    {formatAssetAmount(a.amount.replace(/^-/, ''))}
                  </td>
                  <td className="muted details">{detailsOf(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <Empty>No movements yet.</Empty>}
        </div>
      )}
      <ErrorText error={history.error ?? history.moreError} />
      {history.hasMore && rows && rows.length > 0 && (
        <Button type="button" className="button subtle load-more" busy={history.loadingMore} onClick={history.loadMore}>
          Load more
        </Button>
      )}
    </Panel>
  );
}

function signOf(a: Activity): string {
  switch (a.kind) {
    case 'deposit':
    case 'transfer_in':
    case 'staking_reward':
    case 'unstake_released':
      return '+';
    case 'withdrawal':
    case 'transfer_out':
    case 'convert':
      return '-';
    // An operator's credit or debit carries its own sign.
    case 'adjustment':
      return a.amount.startsWith('-') ? '-' : '+';
    default:
      return '';
  }
}

function detailsOf(a: Activity): string {
  const parts: string[] = [];
  if (a.kind === 'convert' && a.toAsset) {
    parts.push(`→ ${formatAssetAmount(a.toAmount)} ${a.toAsset}`);
  }
  if (a.counterparty?.email) {
    parts.push(a.kind === 'transfer_in' ? `from ${a.counterparty.email}` : `to ${a.counterparty.email}`);
  }
  if (a.fee && a.kind === 'convert') {
    parts.push(`fee ${formatAssetAmount(a.fee)} ${a.toAsset ?? ''}`.trim());
  }
  if (a.releaseAt) {
    parts.push(`until ${formatTime(a.releaseAt)}`);
  }
  if (a.reference && (a.kind === 'convert' || a.kind === 'adjustment')) {
    parts.push(`ref ${a.reference}`);
  }
  return parts.join(' · ');
}
