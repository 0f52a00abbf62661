import { useState, type FormEvent } from 'react';
import { useAuth } from '../../api/AuthContext';
import { apiKeyPermissions, createApiKey, deleteApiKey, listApiKeys, type ApiKeyPermission, type CreatedApiKey } from '../../api/apiKeys';
import { useLoad } from '../../lib/useLoad';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../ui';
import { CopyButton } from './CopyButton';
import { formatDateTime } from './describe';
import { accountErrorMessage, cleanCode, fieldOf } from './errors';

const permissionHelp: Record<ApiKeyPermission, string> = {
  read: 'Read balances and orders',
  trade: 'Place and cancel orders',
  withdraw: 'Move funds out',
};

/** Splits "1.2.3.4, 10.0.0.0/8\n::1" into entries; the server checks each one. */
export function parseIpList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * API keys for /api/v3 and /ws-api/v3: create (label, permissions, optional IP allow-list, a code when 2FA is on) with
 * the secret shown once, list and revoke.
 */
export function ApiKeysSection({ onChanged }: { onChanged: () => void }) {
  const { profile } = useAuth();
  const keys = useLoad(listApiKeys, []);
  const [label, setLabel] = useState('');
  const [permissions, setPermissions] = useState<Set<ApiKeyPermission>>(new Set(['read']));
  const [ips, setIps] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<{ key: string; error: unknown } | null>(null);
  const needsCode = profile?.twoFactorEnabled ?? false;

  const toggle = (permission: ApiKeyPermission, on: boolean) => {
    setPermissions((previous) => {
      const next = new Set(previous);
      if (on) {
        next.add(permission);
      } else {
        next.delete(permission);
      }
      return next;
    });
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const key = await createApiKey({
        label: label.trim(),
        permissions: apiKeyPermissions.filter((p) => permissions.has(p)),
        ipAllowList: parseIpList(ips),
        ...(needsCode ? { code: cleanCode(code) } : {}),
      });
      setCreated(key);
      setLabel('');
      setIps('');
      setCode('');
      keys.reload();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: string) => {
    setRevoking(key);
    setRevokeError(null);
    try {
      await deleteApiKey(key);
      if (created?.apiKey === key) {
        setCreated(null);
      }
      keys.reload();
      onChanged();
    } catch (failure) {
      setRevokeError({ key, error: failure });
    } finally {
      setRevoking(null);
    }
  };

  const field = fieldOf(error, { invalid_label: 'label', invalid_ip_allow_list: 'ipAllowList', too_many_ips: 'ipAllowList', invalid_two_factor_code: 'code' });
  const message = error ? accountErrorMessage(error) : undefined;
  const list = keys.data ?? [];
  return (
    <Panel title="API keys">
      <div className="stack">
        {profile && !profile.emailVerified && <p className="muted">Verify your email address before creating API keys.</p>}
        <form onSubmit={create} className="stack api-key-form" noValidate>
          <Field label="Label" required maxLength={64} value={label} error={field === 'label' ? message : undefined} onChange={(e) => setLabel(e.target.value)} />
          <fieldset className="permissions">
            <legend>Permissions</legend>
            {apiKeyPermissions.map((permission) => (
              <label key={permission} className="check">
                <input type="checkbox" checked={permissions.has(permission)} onChange={(e) => toggle(permission, e.target.checked)} />
                <span>
                  {permission} <span className="muted">— {permissionHelp[permission]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <Field
            label="Allowed IPs (optional)"
            placeholder="203.0.113.7, 10.0.0.0/8"
            hint="Comma-separated addresses or CIDR networks; empty allows any IP."
            spellCheck={false}
            value={ips}
            error={field === 'ipAllowList' ? message : undefined}
            onChange={(e) => setIps(e.target.value)}
          />
          {needsCode && (
            <Field
              label="Authentication code"
              autoComplete="one-time-code"
              spellCheck={false}
              autoCapitalize="off"
              required
              value={code}
              error={field === 'code' ? message : undefined}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
          {(!field || !['label', 'ipAllowList', 'code'].includes(field)) && <ErrorText error={message} />}
          <div>
            <Button type="submit" busy={busy}>
              Create API key
            </Button>
          </div>
        </form>

        {created && (
          <div className="api-key-created stack" role="status">
            <p className="notice">
              Copy the secret now: it is shown only once and cannot be seen again. Anyone with the key and secret can use your
              account within its permissions.
            </p>
            <dl className="security-facts">
              <dt>API key</dt>
              <dd>
                <code className="key-text">{created.apiKey}</code>
              </dd>
              <dt>Secret</dt>
              <dd>
                <code className="key-text" data-testid="api-secret">
                  {created.secretKey}
                </code>
              </dd>
            </dl>
            <div className="row">
              <CopyButton text={created.secretKey} label="Copy secret" />
              <CopyButton text={created.apiKey} label="Copy key" />
              <button type="button" className="button subtle" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        )}

        {keys.loading && !keys.data ? (
          <Loading />
        ) : keys.error && !keys.data ? (
          <ErrorText error={keys.error} />
        ) : list.length === 0 ? (
          <Empty>No API keys yet.</Empty>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Label</th>
                  <th>Key</th>
                  <th>Permissions</th>
                  <th>Allowed IPs</th>
                  <th>Created</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.apiKey} data-testid="api-key-row">
                    <td>{key.label}</td>
                    <td>
                      <code className="key-text" title={key.apiKey}>
                        {key.apiKey.slice(0, 8)}…
                      </code>
                    </td>
                    <td>{key.permissions.join(', ')}</td>
                    <td>{key.ipAllowList.length ? key.ipAllowList.join(', ') : <span className="muted">any</span>}</td>
                    <td className="nowrap">{formatDateTime(key.createdAt)}</td>
                    <td>
                      <Button
                        type="button"
                        className="button subtle"
                        busy={revoking === key.apiKey}
                        onClick={() => void revoke(key.apiKey)}
                        aria-label={`Revoke ${key.label}`}
                      >
                        Revoke
                      </Button>
                      {revokeError?.key === key.apiKey && <ErrorText error={accountErrorMessage(revokeError.error)} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Panel>
  );
}
