import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { admin, can, type Adjustment, type Me } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../../components/ui';
import { formatTime, formatTrimmed, isDecimal } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useOperator } from '../AdminArea';

/**
 * Balance adjustments under four eyes: one operator proposes a credit or debit, another approves or rejects it; only
 * then does it reach the engine. The page hides approval of one's own proposal (the server refuses it anyway).
 */
export function ProposalsPage() {
  const me = useOperator();
  const [show, setShow] = useState<'pending' | 'all'>('pending');
  const list = useLoad(() => admin.adjustments(show), [show]);
  return (
    <div className="page admin-page">
      <h1>Balance adjustments</h1>
      <div className="stack">
        {can(me, 'adjustmentsPropose') && <ProposeForm onProposed={list.reload} />}
        <Panel
          title={show === 'pending' ? 'Waiting for a decision' : 'All proposals'}
          actions={
            <label className="row">
              Show
              <select value={show} onChange={(e) => setShow(e.target.value as 'pending' | 'all')}>
                <option value="pending">Pending</option>
                <option value="all">All</option>
              </select>
            </label>
          }
        >
          {list.loading && !list.data && <Loading />}
          <ErrorText error={list.error} />
          {list.data && list.data.length === 0 && <Empty>{show === 'pending' ? 'Nothing waiting.' : 'No proposals yet.'}</Empty>}
          {list.data && list.data.length > 0 && (
            <ul className="admin-proposals" aria-label="Proposals">
              {list.data.map((p) => (
                <ProposalItem key={p.id} proposal={p} me={me} onDecided={list.reload} />
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

function ProposeForm({ onProposed }: { onProposed: () => void }) {
  const [userId, setUserId] = useState('');
  const [asset, setAsset] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [proposed, setProposed] = useState<Adjustment | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^\d+$/.test(userId.trim()) || Number(userId) < 1) found.userId = 'A user id: a positive whole number.';
    if (!asset.trim()) found.asset = 'The asset code, e.g. USDT.';
    const signed = amount.trim().replace(/^\+/, '');
    if (!isDecimal(signed.replace(/^-/, '')) || Number(signed) === 0) found.amount = 'A non-zero decimal: positive credits, negative (e.g. -1.5) debits.';
    if (!reason.trim()) found.reason = 'Why: kept with the proposal and in the audit log.';
    if (!reference.trim()) found.reference = 'A reference (ticket, transaction): an adjustment is applied once per reference.';
    setProblems(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    setBusy(true);
    setError(null);
    setProposed(null);
    try {
      const answer = await admin.proposeAdjustment({
        userId: Number(userId),
        asset: asset.trim().toUpperCase(),
        amount: signed,
        reason: reason.trim(),
        reference: reference.trim(),
      });
      setProposed(answer);
      setAmount('');
      setReason('');
      setReference('');
      onProposed();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Propose an adjustment">
      <form onSubmit={submit} className="admin-form" noValidate>
        <Field label="User id" inputMode="numeric" value={userId} error={problems.userId} onChange={(e) => setUserId(e.target.value)} />
        <Field label="Asset" value={asset} error={problems.asset} onChange={(e) => setAsset(e.target.value)} />
        <Field
          label="Amount"
          inputMode="decimal"
          value={amount}
          error={problems.amount}
          hint="Positive credits the user, negative debits."
          onChange={(e) => setAmount(e.target.value)}
        />
        <Field label="Reason" value={reason} error={problems.reason} onChange={(e) => setReason(e.target.value)} />
        <Field label="Reference" value={reference} error={problems.reference} onChange={(e) => setReference(e.target.value)} />
        <ErrorText error={error} />
        <Button type="submit" busy={busy}>
          Propose
        </Button>
      </form>
      {proposed && (
        <p className="notice" role="status">
          Proposal #{proposed.id} is waiting for another operator&apos;s approval.
        </p>
      )}
    </Panel>
  );
}

const statusText: Record<Adjustment['status'], string> = {
  pending: 'Pending',
  approved: 'Approved, executing',
  executed: 'Executed',
  rejected: 'Rejected',
  expired: 'Expired',
  failed: 'Failed',
};

/** One proposal with its decision buttons; approval is not offered on one's own proposal. */
export function ProposalItem({ proposal: p, me, onDecided }: { proposal: Adjustment; me: Me; onDecided: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mine = p.proposedBy === me.userId;
  const decidable = p.status === 'pending' && can(me, 'adjustmentsApprove');
  const credit = !p.amount.startsWith('-');

  const decide = async (kind: 'approve' | 'reject') => {
    setBusy(kind);
    setError(null);
    try {
      await (kind === 'approve' ? admin.approveAdjustment(p.id) : admin.rejectAdjustment(p.id, reason.trim()));
      onDecided();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li className="admin-proposal" data-testid={`proposal-${p.id}`} aria-label={`Proposal ${p.id}`}>
      <div className="row">
        <strong className={credit ? 'up' : 'down'}>
          {credit ? 'Credit' : 'Debit'} {formatTrimmed(p.amount.replace(/^-/, ''), 18, 0)} {p.asset}
        </strong>
        <span>
          to <Link to={`/admin/users/${p.userId}`}>user #{p.userId}</Link>
        </span>
        <span className={`status-pill proposal-${p.status}`} data-testid="proposal-status">
          {statusText[p.status]}
        </span>
      </div>
      <p className="muted">
        {p.reason} · ref {p.reference} · proposed by #{p.proposedBy}
        {mine ? ' (you)' : ''} at {formatTime(p.proposedAt)}
        {p.status === 'pending' ? ` · expires ${formatTime(p.expiresAt)}` : ''}
        {p.decidedBy !== null ? ` · decided by #${p.decidedBy}${p.decidedAt ? ` at ${formatTime(p.decidedAt)}` : ''}` : ''}
        {p.decisionReason ? ` · ${p.decisionReason}` : ''}
      </p>
      {p.failure && (
        <p className="error" role="alert">
          {p.failure}
        </p>
      )}
      {decidable && mine && <p className="muted">Another operator must decide your own proposal.</p>}
      {decidable && !mine && (
        <div className="row">
          <Button type="button" busy={busy === 'approve'} disabled={busy !== null} onClick={() => void decide('approve')}>
            Approve
          </Button>
          {!rejecting ? (
            <button type="button" className="button subtle" onClick={() => setRejecting(true)}>
              Reject…
            </button>
          ) : (
            <>
              <input aria-label={`Reason for rejecting proposal ${p.id}`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              <Button
                type="button"
                className="button subtle"
                busy={busy === 'reject'}
                disabled={!reason.trim() || busy !== null}
                onClick={() => void decide('reject')}
              >
                Reject
              </Button>
            </>
          )}
        </div>
      )}
      <ErrorText error={error} />
    </li>
  );
}
