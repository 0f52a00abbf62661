import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { admin, type UserSummary } from '../../api/admin';
import { Button, Empty, ErrorText, Field, Panel } from '../../components/ui';
import { formatTime } from '../../lib/format';

/** Finds users by email (any part of it), user id or API key id; pages with "More". */
export function UsersPage() {
  const [search, setSearch] = useSearchParams();
  const [query, setQuery] = useState(search.get('q') ?? '');
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = async (q: string, before?: number) => {
    setBusy(true);
    setError(null);
    try {
      const page = await admin.users(q, before);
      setUsers((shown) => (before === undefined ? page.users : [...(shown ?? []), ...page.users]));
      setNext(page.next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  // A search in the address (a link, the back button) runs on arrival.
  useEffect(() => {
    const q = search.get('q');
    if (q) {
      void load(q);
    }
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(query.trim() ? { q: query.trim() } : {}, { replace: true });
    void load(query.trim());
  };

  return (
    <div className="page admin-page">
      <h1>Users</h1>
      <Panel>
        <form className="row admin-search" role="search" onSubmit={submit}>
          <Field label="Email, user id or API key id" value={query} onChange={(e) => setQuery(e.target.value)} />
          <Button type="submit" busy={busy}>
            Search
          </Button>
        </form>
        <ErrorText error={error} />
        {users && users.length === 0 && <Empty>No user matches.</Empty>}
        {users && users.length > 0 && (
          <div className="table-scroll">
            <table data-testid="user-results">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Email</th>
                  <th scope="col">Verified</th>
                  <th scope="col">2FA</th>
                  <th scope="col">Frozen</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.userId}>
                    <td className="num">
                      <Link to={`/admin/users/${u.userId}`}>#{u.userId}</Link>
                    </td>
                    <td>
                      <Link to={`/admin/users/${u.userId}`}>{u.email}</Link>
                    </td>
                    <td>{u.emailVerified ? 'Yes' : 'No'}</td>
                    <td>{u.twoFactorEnabled ? 'On' : 'Off'}</td>
                    <td>{frozenSummary(u.restrictions) || '—'}</td>
                    <td>{formatTime(u.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {next !== null && (
          <Button type="button" className="button subtle" busy={busy} onClick={() => void load(query.trim(), next)}>
            More
          </Button>
        )}
      </Panel>
    </div>
  );
}

/** "trading, login" for the frozen parts of an account; empty when nothing is frozen. */
export function frozenSummary(restrictions: { trading: boolean; withdrawals: boolean; login: boolean }): string {
  return (['trading', 'withdrawals', 'login'] as const).filter((k) => restrictions[k]).join(', ');
}
