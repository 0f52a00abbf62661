import { useState, type FormEvent } from 'react';
import { useAuth } from '../../api/AuthContext';
import { confirmTwoFactor, disableTwoFactor, enrollTwoFactor, getTwoFactor, renewRecoveryCodes, type TwoFactorEnrollment } from '../../api/account';
import { refreshTokens } from '../../api/session';
import { useLoad } from '../../lib/useLoad';
import { Button, ErrorText, Field, Loading, Panel } from '../ui';
import { CopyButton } from './CopyButton';
import { accountErrorMessage, cleanCode } from './errors';
import { RecoveryCodes } from './RecoveryCodes';

type Step =
  | { kind: 'idle' }
  | { kind: 'enrolling'; enrollment: TwoFactorEnrollment }
  | { kind: 'codes'; codes: string[]; note?: string }
  | { kind: 'disabling' }
  | { kind: 'regenerating' };

/** The QR code as an image: the server's SVG in a data URL, so no markup from the network is put into the page. */
export function qrDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Two-factor authentication: enroll (QR + secret, confirm with a code and the password, recovery codes shown once),
 * turn off with a code, replace the recovery codes. Confirming ends the user's other sessions on the server; this
 * session's token is refreshed so it no longer carries "2FA setup required".
 */
export function TwoFactorSection({ onChanged }: { onChanged: () => void }) {
  const { profile, reloadProfile } = useAuth();
  const status = useLoad(getTwoFactor, []);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reset = (next: Step) => {
    setStep(next);
    setCode('');
    setPassword('');
    setError(null);
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const enroll = () =>
    run(async () => {
      const enrollment = await enrollTwoFactor();
      reset({ kind: 'enrolling', enrollment });
    });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const recoveryCodes = await confirmTwoFactor(cleanCode(code), password);
      // The token was issued before 2FA was on (it may still say "setup required"): swap it for a fresh one. The
      // session keeps the factors its sign-in presented, so operator rights need a new sign-in with the code.
      const fresh = await refreshTokens();
      reset({
        kind: 'codes',
        codes: recoveryCodes,
        note: !fresh
          ? 'Two-factor authentication is on. Sign in again with your code.'
          : profile?.admin
            ? 'Two-factor authentication is on. Sign out and in again with a code to use operator tools.'
            : 'Two-factor authentication is on. Your other devices were signed out.',
      });
      reloadProfile();
      status.reload();
      onChanged();
    });
  };

  const disable = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await disableTwoFactor(cleanCode(code));
      reset({ kind: 'idle' });
      reloadProfile();
      status.reload();
      onChanged();
    });
  };

  const regenerate = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const recoveryCodes = await renewRecoveryCodes(cleanCode(code));
      reset({ kind: 'codes', codes: recoveryCodes });
      status.reload();
      onChanged();
    });
  };

  const codeField = (
    <Field
      label="Authentication code"
      autoComplete="one-time-code"
      spellCheck={false}
      autoCapitalize="off"
      required
      autoFocus
      value={code}
      onChange={(e) => setCode(e.target.value)}
    />
  );
  const failure = <ErrorText error={error ? accountErrorMessage(error) : null} />;

  let body;
  if (step.kind === 'codes') {
    body = (
      <>
        {step.note && (
          <p className="notice" role="status">
            {step.note}
          </p>
        )}
        <RecoveryCodes codes={step.codes} onDone={() => reset({ kind: 'idle' })} />
      </>
    );
  } else if (status.loading && !status.data) {
    body = <Loading />;
  } else if (!status.data) {
    body = <ErrorText error={status.error} />;
  } else if (step.kind === 'enrolling') {
    const { enrollment } = step;
    body = (
      <div className="stack">
        <ol className="enroll-steps">
          <li>Scan this QR code with an authenticator app (or type the secret into it).</li>
          <li>Enter the 6-digit code it shows, and your password.</li>
        </ol>
        <div className="enroll-qr">
          <img src={qrDataUrl(enrollment.qrSvg)} alt="QR code for your authenticator app" width={180} height={180} />
          <div className="stack">
            <span className="muted">Secret</span>
            <code data-testid="totp-secret" className="totp-secret">
              {enrollment.secret}
            </code>
            <CopyButton text={enrollment.secret} label="Copy secret" />
          </div>
        </div>
        <form onSubmit={confirm} className="stack" noValidate>
          {codeField}
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {failure}
          <div className="row">
            <Button type="submit" busy={busy}>
              Confirm
            </Button>
            <button type="button" className="button subtle" onClick={() => reset({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    );
  } else if (!status.data.enabled) {
    body = (
      <div className="stack">
        <p>
          Status: <strong className="badge warn">Off</strong>
        </p>
        {status.data.required && (
          <p className="notice" role="status">
            Your account requires two-factor authentication: turn it on to use the rest of the exchange.
          </p>
        )}
        <p className="muted">
          Protect sign-ins, password changes and API keys with codes from an authenticator app. Turning it on signs out your
          other devices.
        </p>
        {failure}
        <div>
          <Button type="button" busy={busy} onClick={() => void enroll()}>
            Turn on two-factor authentication
          </Button>
        </div>
      </div>
    );
  } else {
    body = (
      <div className="stack">
        <p>
          Status: <strong className="badge good">On</strong>
          <span className="muted"> · {status.data.recoveryCodesLeft} recovery codes left</span>
        </p>
        {status.data.required && <p className="muted">Required for your account: it cannot be turned off.</p>}
        {step.kind === 'idle' && (
          <div className="row">
            <button type="button" className="button subtle" onClick={() => reset({ kind: 'regenerating' })}>
              New recovery codes
            </button>
            {!status.data.required && (
              <button type="button" className="button subtle" onClick={() => reset({ kind: 'disabling' })}>
                Turn off
              </button>
            )}
          </div>
        )}
        {(step.kind === 'disabling' || step.kind === 'regenerating') && (
          <form onSubmit={step.kind === 'disabling' ? disable : regenerate} className="stack" noValidate>
            <p className="muted">
              {step.kind === 'disabling'
                ? 'Enter a code from your authenticator app (or a recovery code) to turn two-factor authentication off.'
                : 'Enter a code to replace your recovery codes: the old ones stop working.'}
            </p>
            {codeField}
            {failure}
            <div className="row">
              <Button type="submit" busy={busy}>
                {step.kind === 'disabling' ? 'Turn off two-factor authentication' : 'Replace recovery codes'}
              </Button>
              <button type="button" className="button subtle" onClick={() => reset({ kind: 'idle' })}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    );
  }

  return <Panel title="Two-factor authentication">{body}</Panel>;
}
