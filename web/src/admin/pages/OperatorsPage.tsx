import { useState, type FormEvent } from 'react';
import { admin, operatorRoles, type InvitedOperator, type Operator } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../../components/ui';
import { formatTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useOperator } from '../AdminArea';

/** Operators: the list, inviting one with roles (shows the one-time setup link), changing roles, disabling. */
export function OperatorsPage() {
  const operators = useLoad(admin.operators, []);
  return (
    <div className="page admin-page">
      <h1>Operators</h1>
      <div className="stack">
        <InviteForm onInvited={operators.reload} />
        <Panel title="Operators">
          {operators.loading && !operators.data && <Loading />}
          <ErrorText error={operators.error} />
          {operators.data && operators.data.length === 0 && <Empty>No operators.</Empty>}
          {operators.data && operators.data.length > 0 && (
            <ul className="admin-operators" aria-label="Operators">
              {operators.data.map((o) => (
                <OperatorItem key={o.userId} operator={o} onChanged={operators.reload} />
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

function RoleChecks({ legend, roles, onChange }: { legend: string; roles: string[]; onChange: (roles: string[]) => void }) {
  return (
    <fieldset className="admin-checks">
      <legend>{legend}</legend>
      {operatorRoles.map((role) => (
        <label key={role} className="inline-check">
          <input
            type="checkbox"
            checked={roles.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
          />{' '}
          {role}
        </label>
      ))}
    </fieldset>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invited, setInvited] = useState<InvitedOperator | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setInvited(null);
    try {
      setInvited(await admin.inviteOperator(email.trim(), roles));
      setEmail('');
      setRoles([]);
      onInvited();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Invite an operator">
      <form onSubmit={submit} className="stack" noValidate>
        <Field label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <RoleChecks legend="Roles" roles={roles} onChange={setRoles} />
        <ErrorText error={error} />
        <Button type="submit" busy={busy} disabled={roles.length === 0 || !email.trim()}>
          Invite
        </Button>
      </form>
      {invited && (
        <div className="notice" role="status">
          <p>
            {invited.email} is an operator ({invited.roles.join(', ')}). Send them this one-time setup link (it works once); they set
            a password, then sign in and turn on two-factor authentication:
          </p>
          <code className="admin-link" data-testid="setup-link">
            {invited.setupLink}
          </code>
        </div>
      )}
    </Panel>
  );
}

export function OperatorItem({ operator, onChanged }: { operator: Operator; onChanged: () => void }) {
  const me = useOperator();
  const [roles, setRoles] = useState(operator.roles);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'roles' | 'disable' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const changed = [...roles].sort().join(',') !== [...operator.roles].sort().join(',');

  const run = async (kind: 'roles' | 'disable', action: () => Promise<unknown>) => {
    setBusy(kind);
    setError(null);
    try {
      await action();
      setConfirming(false);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li className="admin-operator" data-testid={`operator-${operator.userId}`} aria-label={operator.email}>
      <div className="row">
        <strong>{operator.email}</strong>
        <span className="muted">
          #{operator.userId} · since {formatTime(operator.createdAt)}
          {operator.userId === me.userId ? ' · you' : ''}
        </span>
        {operator.disabled && <span className="status-pill status-halted">Disabled</span>}
      </div>
      {!operator.disabled && (
        <>
          <RoleChecks legend={`Roles of ${operator.email}`} roles={roles} onChange={setRoles} />
          <div className="row">
            <Button type="button" className="button subtle" busy={busy === 'roles'} disabled={!changed} onClick={() => void run('roles', () => admin.setOperatorRoles(operator.userId, roles))}>
              Save roles
            </Button>
            {!confirming ? (
              <button type="button" className="button subtle danger" onClick={() => setConfirming(true)}>
                Disable…
              </button>
            ) : (
              <span role="alertdialog" aria-label={`Disable ${operator.email}`} className="row">
                <span>Their sessions end and their roles stop working.</span>
                <Button type="button" className="button danger" busy={busy === 'disable'} onClick={() => void run('disable', () => admin.disableOperator(operator.userId))}>
                  Disable {operator.email}
                </Button>
                <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            )}
          </div>
        </>
      )}
      <ErrorText error={error} />
    </li>
  );
}
