import { useEffect, useState, type FormEvent } from 'react';
import { admin, type AuditEntry, type AuditFilter, type ChainVerification } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../../components/ui';
import { formatTime } from '../../lib/format';

/**
 * The operator audit log: every admin action with who, what, on what, before/after, why, from where and when; filters,
 * "More" for older entries, and a check of the hash chain (each entry carries the hash of the one before).
 */
export function AuditPage() {
  const [form, setForm] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = async (applied: AuditFilter, before?: number) => {
    setBusy(true);
    setError(null);
    try {
      const page = await admin.audit(applied, before);
      setEntries((shown) => (before === undefined ? page.entries : [...(shown ?? []), ...page.entries]));
      setNext(page.next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void load(filter);
  }, [filter]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, (v ?? '').trim()]).filter(([, v]) => v)) as AuditFilter;
    setFilter(trimmed);
  };
  const set = (field: keyof AuditFilter) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <div className="page admin-page">
      <h1>Audit log</h1>
      <div className="stack">
        <VerifyChain />
        <Panel title="Operator actions">
          <form className="admin-filters" onSubmit={submit} role="search" aria-label="Filter the audit log">
            <Field label="Operator id" inputMode="numeric" value={form.operatorId ?? ''} onChange={set('operatorId')} />
            <Field label="Action" placeholder="market.halt" value={form.action ?? ''} onChange={set('action')} />
            <Field label="Target type" placeholder="market" value={form.targetType ?? ''} onChange={set('targetType')} />
            <Field label="Target id" value={form.targetId ?? ''} onChange={set('targetId')} />
            <Button type="submit" busy={busy && entries === null}>
              Filter
            </Button>
          </form>
          {busy && entries === null && <Loading />}
          <ErrorText error={error} />
          {entries && entries.length === 0 && <Empty>No entries.</Empty>}
          {entries && entries.length > 0 && (
            <div className="table-scroll">
              <table data-testid="audit-entries">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      #
                    </th>
                    <th scope="col">Time</th>
                    <th scope="col">Operator</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Change</th>
                    <th scope="col">Reason</th>
                    <th scope="col">IP</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td className="num">{e.id}</td>
                      <td>{formatTime(e.time)}</td>
                      <td>
                        #{e.operatorId} <span className="muted">{e.roles.join(', ')}</span>
                      </td>
                      <td>{e.action}</td>
                      <td>
                        {e.targetType}
                        {e.targetId ? ` ${e.targetId}` : ''}
                      </td>
                      <td className="admin-change">
                        {e.before !== null && <code>{e.before}</code>}
                        {e.before !== null && e.after !== null && ' → '}
                        {e.after !== null && <code>{e.after}</code>}
                      </td>
                      <td>{e.reason ?? ''}</td>
                      <td>{e.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {next !== null && (
            <Button type="button" className="button subtle" busy={busy} onClick={() => void load(filter, next)}>
              More
            </Button>
          )}
        </Panel>
      </div>
    </div>
  );
}

/** "Verify chain": walks the hash chain on the server and shows whether it is intact, or where it breaks. */
export function VerifyChain() {
  const [result, setResult] = useState<ChainVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await admin.verifyAudit());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel
      title="Tamper evidence"
      actions={
        <Button type="button" busy={busy} onClick={() => void verify()}>
          Verify chain
        </Button>
      }
    >
      {result && (
        <p role="status" data-testid="chain-result" className={result.intact ? 'up' : 'down'}>
          {result.intact
            ? `Intact: ${result.entries} entries, each linked to the one before.`
            : `Broken at entry #${result.firstBrokenId ?? '?'} (${result.entries} entries checked): ${result.detail}`}
        </p>
      )}
      {!result && !error && <p className="muted">Checks that no entry was changed or removed since it was written.</p>}
      <ErrorText error={error} />
    </Panel>
  );
}
