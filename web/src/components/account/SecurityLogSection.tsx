import { useEffect, useState } from 'react';
import { getSecurityLog, type AuditEvent } from '../../api/account';
import { Button, Empty, ErrorText, Loading, Panel } from '../ui';
import { describeDevice, describeEvent, formatDateTime } from './describe';

const pageSize = 20;

/** The account's security events, newest first; "Show older" follows the server's `before` cursor. */
export function SecurityLogSection({ version }: { version: number }) {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = async (before: number | null, live: () => boolean = () => true) => {
    setLoading(true);
    setError(null);
    try {
      const page = await getSecurityLog(pageSize, before ?? undefined);
      if (live()) {
        setEvents((previous) => (before === null ? page.events : [...(previous ?? []), ...page.events]));
        setNextBefore(page.nextBefore ?? null);
      }
    } catch (failure) {
      if (live()) {
        setError(failure);
      }
    } finally {
      if (live()) {
        setLoading(false);
      }
    }
  };

  useEffect(() => {
    // The first page again whenever something on the page changed the account (new events on top).
    let live = true;
    void load(null, () => live);
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <Panel
      title="Security log"
      actions={
        <button type="button" className="button subtle" onClick={() => void load(null)}>
          Refresh
        </button>
      }
    >
      {events === null ? (
        loading ? <Loading /> : <ErrorText error={error} />
      ) : events.length === 0 ? (
        <Empty>No events yet.</Empty>
      ) : (
        <>
          <div className="table-scroll">
            <table data-testid="security-log">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Event</th>
                  <th>IP</th>
                  <th>Device</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id}>
                    <td className="nowrap">{formatDateTime(event.time)}</td>
                    <td className={/failed|locked|reuse/.test(event.type) ? 'down' : undefined}>{describeEvent(event.type)}</td>
                    <td className="num">{event.ip}</td>
                    <td title={event.userAgent}>{describeDevice(event.userAgent)}</td>
                    <td className="muted">{event.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {events !== null && error !== null && error !== undefined && <ErrorText error={error} />}
          {nextBefore !== null && (
            <div className="row log-more">
              <Button type="button" className="button subtle" busy={loading} onClick={() => void load(nextBefore)}>
                Show older events
              </Button>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
