import { useState, type FormEvent } from 'react';
import { useAuth } from '../../api/AuthContext';
import { changePassword } from '../../api/account';
import { Button, ErrorText, Field, Panel } from '../ui';
import { accountErrorMessage, cleanCode, fieldOf } from './errors';
import { NewPasswordField } from './PasswordField';

/** Change the password (current one, new one, a code when 2FA is on); the server signs out the other devices. */
export function PasswordSection({ onChanged }: { onChanged: () => void }) {
  const { profile } = useAuth();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const needsCode = profile?.twoFactorEnabled ?? false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next, needsCode ? cleanCode(code) : undefined);
      setDone(true);
      setOpen(false);
      setCurrent('');
      setNext('');
      setCode('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const field = fieldOf(error, { weak_password: 'newPassword', invalid_credentials: 'currentPassword', invalid_two_factor_code: 'code' });
  const message = error ? accountErrorMessage(error) : undefined;
  return (
    <Panel title="Password">
      {done && (
        <p className="notice" role="status">
          Password changed. Your other devices were signed out.
        </p>
      )}
      {!open ? (
        <button
          type="button"
          className="button subtle"
          onClick={() => {
            setOpen(true);
            setDone(false);
            setError(null);
          }}
        >
          Change password
        </button>
      ) : (
        <form onSubmit={submit} className="stack" noValidate>
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={current}
            error={field === 'currentPassword' ? message : undefined}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <NewPasswordField label="New password" value={next} error={field === 'newPassword' ? message : undefined} onChange={(e) => setNext(e.target.value)} />
          {needsCode && (
            <Field
              label="Authentication code"
              autoComplete="one-time-code"
              required
              value={code}
              error={field === 'code' ? message : undefined}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
          {(!field || !['currentPassword', 'newPassword', 'code'].includes(field)) && <ErrorText error={message} />}
          <div className="row">
            <Button type="submit" busy={busy}>
              Save new password
            </Button>
            <button type="button" className="button subtle" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}
