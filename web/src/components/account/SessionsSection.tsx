import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { listSessions, revokeSession, type Session } from '../../api/auth';
import { setTokens } from '../../api/session';
import { useLoad } from '../../lib/useLoad';
import { Button, Empty, ErrorText, Loading, Panel } from '../ui';
import { describeDevice, formatDateTime } from './describe';
import { accountErrorMessage } from './errors';

/**
 * The user's sessions (devices): this one marked "This device", every other live one revocable. Revoking the current
 * one is signing out here.
 */
export function SessionsSection({ version, onChanged }: { version: number; onChanged: () => void }) {
  const navigate = useNavigate();
  const sessions = useLoad(listSessions, [version]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);

  const revoke = async (session: Session) => {
    setBusyId(session.id);
    setError(null);
    try {
      await revokeSession(session.id);
      if (session.current) {
        setTokens(null);
        navigate('/login', { replace: true });
        return;
      }
      onChanged();
    } catch (failure) {
      setError({ id: session.id, error: failure });
    } finally {
      setBusyId(null);
    }
  };

  const revokeOthers = async () => {
    const others = (sessions.data ?? []).filter((s) => s.active && !s.current);
    setBusyId('others');
    setError(null);
    try {
      for (const session of others) {
        await revokeSession(session.id);
      }
      onChanged();
    } catch (failure) {
      setError({ id: 'others', error: failure });
    } finally {
      setBusyId(null);
    }
  };

  const list = sessions.data ?? [];
  const othersActive = list.some((s) => s.active && !s.current);
  return (
    <Panel
      title="Sessions"
      actions={
        <div className="row">
          <button type="button" className="button subtle" onClick={sessions.reload}>
            Refresh
          </button>
          {othersActive && (
            <Button type="button" className="button subtle" busy={busyId === 'others'} onClick={() => void revokeOthers()}>
              End all other sessions
            </Button>
          )}
        </div>
      }
    >
      {error?.id === 'others' && <ErrorText error={accountErrorMessage(error.error)} />}
      {sessions.loading && !sessions.data ? (
        <Loading />
      ) : sessions.error && !sessions.data ? (
        <ErrorText error={sessions.error} />
      ) : list.length === 0 ? (
        <Empty>No sessions.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="sessions-table">
            <thead>
              <tr>
                <th>Device</th>
                <th>IP</th>
                <th>Signed in</th>
                <th>Last seen</th>
                <th>Status</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((session) => (
                <tr key={session.id} data-testid="session-row" className={session.active ? undefined : 'ended'}>
                  <td title={session.userAgent}>
                    {describeDevice(session.userAgent)}
                    {session.current && <span className="badge good this-device">This device</span>}
                  </td>
                  <td className="num">{session.ip}</td>
                  <td className="nowrap">{formatDateTime(session.createdAt)}</td>
                  <td className="nowrap">{formatDateTime(session.lastSeenAt)}</td>
                  <td>
                    {session.active
                      ? 'Active'
                      : `Ended${session.revokeReason ? ` (${session.revokeReason.replace(/_/g, ' ')})` : ''}`}
                  </td>
                  <td>
                    {session.active && (
                      <Button
                        type="button"
                        className="button subtle"
                        busy={busyId === session.id}
                        onClick={() => void revoke(session)}
                      >
                        {session.current ? 'End this session' : 'Revoke'}
                      </Button>
                    )}
                    {error?.id === session.id && <ErrorText error={accountErrorMessage(error.error)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
