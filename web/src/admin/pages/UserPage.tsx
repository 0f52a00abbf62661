import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { admin, can, type UserDetail } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../../components/ui';
import { formatTime, formatTrimmed } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useOperator } from '../AdminArea';

/**
 * One user: profile, restrictions (freeze and unfreeze with a reason), balances, open orders, recent trades, sessions
 * and API keys (revoke one or all), the security log, and forcing a password reset. Actions appear only for the
 * permissions that allow them.
 */
export function UserPage() {
  const { userId: raw = '' } = useParams();
  const userId = Number(raw);
  const user = useLoad(() => admin.user(userId), [userId]);
  if (!Number.isInteger(userId) || userId < 1) {
    return (
      <div className="page admin-page">
        <h1>Unknown user</h1>
        <p>
          <Link to="/admin/users">Search users</Link>
        </p>
      </div>
    );
  }
  const data = user.data;
  return (
    <div className="page admin-page">
      <h1>{data ? data.profile.email : `User #${userId}`}</h1>
      {user.loading && !data && <Loading />}
      <ErrorText error={user.error} />
      {data && <UserView userId={userId} user={data} onChanged={user.reload} />}
    </div>
  );
}

function UserView({ userId, user, onChanged }: { userId: number; user: UserDetail; onChanged: () => void }) {
  const me = useOperator();
  return (
    <div className="stack">
      <div className="grid">
        <Panel title="Profile">
          <dl className="admin-dl">
            <dt>User id</dt>
            <dd className="num">{user.profile.userId}</dd>
            <dt>Email</dt>
            <dd>
              {user.profile.email} {user.profile.emailVerified ? '(verified)' : '(not verified)'}
            </dd>
            <dt>Two-factor</dt>
            <dd>
              {user.profile.twoFactorEnabled ? 'On' : 'Off'}
              {user.profile.twoFactorRequired ? ' (required)' : ''}
            </dd>
            <dt>Since</dt>
            <dd>{formatTime(user.profile.createdAt)}</dd>
            <dt>Fee tier</dt>
            <dd className="num">{user.profile.feeTier}</dd>
          </dl>
          {can(me, 'listingManage') && <FeeTierForm userId={userId} current={user.profile.feeTier} onChanged={onChanged} />}
          {can(me, 'usersManage') && <ForceReset userId={userId} onChanged={onChanged} />}
        </Panel>
        <RestrictionsPanel userId={userId} user={user} editable={can(me, 'usersFreeze')} onChanged={onChanged} />
      </div>
      <Panel title="Balances">
        {user.balances.length === 0 ? (
          <Empty>No balances.</Empty>
        ) : (
          <Table head={['Asset', 'Available', 'Locked', 'Staked']} numeric={[1, 2, 3]}>
            {user.balances.map((b) => (
              <tr key={b.asset} data-testid={`user-balance-${b.asset}`}>
                <th scope="row">{b.asset}</th>
                <td className="num">{formatTrimmed(b.available, 18, 2)}</td>
                <td className="num">{formatTrimmed(b.locked, 18, 2)}</td>
                <td className="num">{formatTrimmed(b.staked, 18, 2)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>
      <Panel title="Open orders">
        {user.openOrders.length === 0 ? (
          <Empty>No open orders.</Empty>
        ) : (
          <Table head={['Market', 'Order', 'Side', 'Type', 'Price', 'Quantity', 'Filled', 'Status', 'Time']} numeric={[1, 4, 5, 6]}>
            {user.openOrders.map((o) => (
              <tr key={`${o.symbol}-${o.orderId}`}>
                <th scope="row">{o.symbol}</th>
                <td className="num">{o.orderId}</td>
                <td className={o.side === 'BUY' ? 'buy' : 'sell'}>{o.side}</td>
                <td>{o.type}</td>
                <td className="num">{o.price}</td>
                <td className="num">{o.origQty}</td>
                <td className="num">{o.executedQty}</td>
                <td>{o.status}</td>
                <td>{formatTime(o.time)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>
      <Panel title="Recent trades">
        {user.recentTrades.length === 0 ? (
          <Empty>No trades.</Empty>
        ) : (
          <Table head={['Market', 'Trade', 'Side', 'Price', 'Quantity', 'Fee', 'Time']} numeric={[1, 3, 4, 5]}>
            {user.recentTrades.map((t) => (
              <tr key={`${t.symbol}-${t.tradeId}-${t.orderId}`}>
                <th scope="row">{t.symbol}</th>
                <td className="num">{t.tradeId}</td>
                <td className={t.side === 'BUY' ? 'buy' : 'sell'}>{t.side}</td>
                <td className="num">{t.price}</td>
                <td className="num">{t.qty}</td>
                <td className="num">
                  {t.commission} {t.commissionAsset}
                </td>
                <td>{formatTime(t.time)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>
      <SessionsPanel userId={userId} user={user} editable={can(me, 'usersManage')} onChanged={onChanged} />
      <ApiKeysPanel userId={userId} user={user} editable={can(me, 'usersManage')} onChanged={onChanged} />
      <Panel title="Security log">
        {user.securityLog.length === 0 ? (
          <Empty>No events.</Empty>
        ) : (
          <Table head={['Event', 'Time', 'IP', 'Detail']}>
            {user.securityLog.map((e, i) => (
              <tr key={`${e.time}-${i}`}>
                <th scope="row">{e.type}</th>
                <td>{formatTime(e.time)}</td>
                <td>{e.ip ?? '—'}</td>
                <td>{e.detail ?? ''}</td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>
    </div>
  );
}

function Table({ head, numeric = [], children }: { head: string[]; numeric?: number[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={numeric.includes(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Runs one action at a time with its busy state and error. */
function useAction(onDone: () => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (name: string, action: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
      onDone();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

/** Freeze or unfreeze trading, withdrawals and sign-in, always with a reason. */
export function RestrictionsPanel({
  userId,
  user,
  editable,
  onChanged,
}: {
  userId: number;
  user: UserDetail;
  editable: boolean;
  onChanged: () => void;
}) {
  const current = user.restrictions;
  const [trading, setTrading] = useState(current.trading);
  const [withdrawals, setWithdrawals] = useState(current.withdrawals);
  const [login, setLogin] = useState(current.login);
  const [cancelOpenOrders, setCancelOpenOrders] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const action = useAction(onChanged);
  const frozen = current.trading || current.withdrawals || current.login;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError('Give a reason: it is kept in the audit log and shown here.');
      return;
    }
    setReasonError(undefined);
    if (await action.run('save', () => admin.setRestrictions(userId, { trading, withdrawals, login, reason: reason.trim(), cancelOpenOrders }))) {
      setReason('');
      setCancelOpenOrders(false);
    }
  };

  return (
    <Panel title="Restrictions">
      <p data-testid="restrictions-state" className={frozen ? 'down' : undefined}>
        {frozen
          ? `Frozen: ${(['trading', 'withdrawals', 'login'] as const).filter((k) => current[k]).join(', ')}${current.reason ? ` — ${current.reason}` : ''}`
          : 'Nothing frozen.'}
      </p>
      {editable && (
        <form onSubmit={submit} className="stack" noValidate>
          <fieldset className="admin-checks">
            <legend>Frozen</legend>
            <label className="inline-check">
              <input type="checkbox" checked={trading} onChange={(e) => setTrading(e.target.checked)} /> Trading
            </label>
            <label className="inline-check">
              <input type="checkbox" checked={withdrawals} onChange={(e) => setWithdrawals(e.target.checked)} /> Withdrawals
            </label>
            <label className="inline-check">
              <input type="checkbox" checked={login} onChange={(e) => setLogin(e.target.checked)} /> Sign-in
            </label>
          </fieldset>
          <label className="inline-check">
            <input type="checkbox" checked={cancelOpenOrders} onChange={(e) => setCancelOpenOrders(e.target.checked)} /> Cancel open
            orders
          </label>
          <Field label="Reason" value={reason} error={reasonError} onChange={(e) => setReason(e.target.value)} />
          <ErrorText error={action.error} />
          <Button type="submit" busy={action.busy === 'save'}>
            Save restrictions
          </Button>
        </form>
      )}
    </Panel>
  );
}

function SessionsPanel({ userId, user, editable, onChanged }: { userId: number; user: UserDetail; editable: boolean; onChanged: () => void }) {
  const action = useAction(onChanged);
  return (
    <Panel
      title="Sessions"
      actions={
        editable &&
        user.sessions.length > 0 && (
          <Button type="button" className="button subtle" busy={action.busy === 'all'} onClick={() => void action.run('all', () => admin.revokeSessions(userId))}>
            Revoke all sessions
          </Button>
        )
      }
    >
      {user.sessions.length === 0 ? (
        <Empty>No live sessions.</Empty>
      ) : (
        <Table head={['Started', 'Last seen', 'IP', 'Device', '2FA', '']}>
          {user.sessions.map((s) => (
            <tr key={s.id}>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td>{s.ip ?? '—'}</td>
              <td className="admin-ellipsis" title={s.userAgent ?? undefined}>
                {s.userAgent ?? '—'}
              </td>
              <td>{s.secondFactor ? 'Yes' : 'No'}</td>
              <td>
                {editable && (
                  <Button
                    type="button"
                    className="button subtle"
                    busy={action.busy === s.id}
                    aria-label={`Revoke session started ${formatTime(s.createdAt)}`}
                    onClick={() => void action.run(s.id, () => admin.revokeSessions(userId, s.id))}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ErrorText error={action.error} />
    </Panel>
  );
}

function ApiKeysPanel({ userId, user, editable, onChanged }: { userId: number; user: UserDetail; editable: boolean; onChanged: () => void }) {
  const action = useAction(onChanged);
  const live = user.apiKeys.filter((k) => !k.revoked);
  return (
    <Panel
      title="API keys"
      actions={
        editable &&
        live.length > 0 && (
          <Button type="button" className="button subtle" busy={action.busy === 'all'} onClick={() => void action.run('all', () => admin.revokeApiKeys(userId))}>
            Revoke all keys
          </Button>
        )
      }
    >
      {user.apiKeys.length === 0 ? (
        <Empty>No API keys.</Empty>
      ) : (
        <Table head={['Label', 'Key id', 'Permissions', 'Created', 'State', '']}>
          {user.apiKeys.map((k) => (
            <tr key={k.id}>
              <th scope="row">{k.label}</th>
              <td className="admin-ellipsis">{k.id}</td>
              <td>{k.permissions.join(', ')}</td>
              <td>{formatTime(k.createdAt)}</td>
              <td>{k.revoked ? 'Revoked' : 'Active'}</td>
              <td>
                {editable && !k.revoked && (
                  <Button
                    type="button"
                    className="button subtle"
                    busy={action.busy === k.id}
                    aria-label={`Revoke key ${k.label}`}
                    onClick={() => void action.run(k.id, () => admin.revokeApiKeys(userId, k.id))}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ErrorText error={action.error} />
    </Panel>
  );
}

function ForceReset({ userId, onChanged }: { userId: number; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const action = useAction(() => {
    setConfirming(false);
    setDone(true);
    onChanged();
  });
  return (
    <div className="admin-subsection">
      {done && (
        <p className="notice" role="status">
          Password reset forced: every session ended and a reset link was emailed.
        </p>
      )}
      {!confirming ? (
        <button type="button" className="button subtle" onClick={() => setConfirming(true)}>
          Force password reset…
        </button>
      ) : (
        <div role="alertdialog" aria-label="Force a password reset" className="admin-confirm">
          <p>Every session of this user ends and sign-in is refused until they set a new password from the emailed link.</p>
          <div className="row">
            <Button type="button" className="button danger" busy={action.busy === 'reset'} onClick={() => void action.run('reset', () => admin.forcePasswordReset(userId))}>
              Force reset
            </Button>
            <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}

function FeeTierForm({ userId, current, onChanged }: { userId: number; current: number; onChanged: () => void }) {
  const [tier, setTier] = useState(String(current));
  const action = useAction(onChanged);
  return (
    <form
      className="row admin-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run('tier', () => admin.setUserFeeTier(userId, Number(tier)));
      }}
      noValidate
    >
      <Field label="Assign fee tier" type="number" min={0} value={tier} onChange={(e) => setTier(e.target.value)} />
      <Button type="submit" className="button subtle" busy={action.busy === 'tier'} disabled={tier === String(current)}>
        Assign
      </Button>
      <ErrorText error={action.error} />
    </form>
  );
}
