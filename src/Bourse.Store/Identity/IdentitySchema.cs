namespace Bourse.Store.Identity;

/// <summary>
/// The identity tables, in SQL both SQLite and PostgreSQL accept. Times are Unix milliseconds, flags 0/1 integers.
/// Tokens, recovery codes and refresh tokens are stored only as SHA-256 hashes (they are long random values, so a
/// fast hash is enough); passwords as KDF hashes; API-key and TOTP secrets encrypted, because checking them needs
/// the secret back.
/// </summary>
public static class IdentitySchema
{
    public static IReadOnlyList<SchemaMigration> Migrations(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return
        [
            new("identity-001-users", $"""
                CREATE TABLE IF NOT EXISTS users (
                    id {dialect.GeneratedKey},
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    email_verified INTEGER NOT NULL DEFAULT 0,
                    totp_secret TEXT NULL,
                    totp_enabled INTEGER NOT NULL DEFAULT 0,
                    totp_last_step BIGINT NOT NULL DEFAULT 0,
                    two_factor_required INTEGER NOT NULL DEFAULT 0,
                    is_admin INTEGER NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    password_changed_at BIGINT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS login_failures (
                    email TEXT PRIMARY KEY,
                    failures INTEGER NOT NULL,
                    first_failure_at BIGINT NOT NULL,
                    locked_until BIGINT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS sessions (
                    id TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    ip TEXT NOT NULL,
                    user_agent TEXT NOT NULL,
                    revoked_at BIGINT NULL,
                    revoke_reason TEXT NULL
                );
                CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id, created_at);
                CREATE TABLE IF NOT EXISTS refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    session_id TEXT NOT NULL,
                    issued_at BIGINT NOT NULL,
                    used_at BIGINT NULL
                );
                CREATE INDEX IF NOT EXISTS refresh_tokens_by_session ON refresh_tokens (session_id);
                CREATE TABLE IF NOT EXISTS email_tokens (
                    token_hash TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL,
                    purpose TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT NULL
                );
                CREATE TABLE IF NOT EXISTS recovery_codes (
                    user_id BIGINT NOT NULL,
                    code_hash TEXT NOT NULL,
                    used_at BIGINT NULL,
                    PRIMARY KEY (user_id, code_hash)
                );
                CREATE TABLE IF NOT EXISTS api_keys (
                    api_key TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL,
                    label TEXT NOT NULL,
                    permissions TEXT NOT NULL,
                    ip_allow_list TEXT NOT NULL,
                    protected_secret TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT NULL
                );
                CREATE INDEX IF NOT EXISTS api_keys_by_user ON api_keys (user_id, created_at);
                CREATE TABLE IF NOT EXISTS audit_events (
                    id {dialect.GeneratedKey},
                    user_id BIGINT NULL,
                    type TEXT NOT NULL,
                    ip TEXT NOT NULL,
                    user_agent TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    time BIGINT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS audit_events_by_user ON audit_events (user_id, id);
                CREATE INDEX IF NOT EXISTS audit_events_by_type ON audit_events (type, id);
                CREATE TABLE IF NOT EXISTS email_outbox (
                    id {dialect.GeneratedKey},
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    sent_at BIGINT NULL,
                    last_error TEXT NULL
                );
                CREATE INDEX IF NOT EXISTS email_outbox_due ON email_outbox (sent_at, next_attempt_at);
                """),
            // A message the sender stopped retrying (it keeps its last error); pending means neither sent nor given up.
            new("identity-002-email-outbox-given-up", $"""
                ALTER TABLE email_outbox ADD COLUMN {(dialect.Provider == SqlDialects.Postgres ? "IF NOT EXISTS " : "")}given_up_at BIGINT NULL;
                CREATE INDEX IF NOT EXISTS email_outbox_pending ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
                """),
            new("identity-003-session-second-factor", $"""
                ALTER TABLE sessions ADD COLUMN {(dialect.Provider == SqlDialects.Postgres ? "IF NOT EXISTS " : "")}second_factor INTEGER NOT NULL DEFAULT 0;
                """),
            // Operators (identity users with back-office roles) and their audit log: a hash chain, append-only by trigger.
            new("identity-004-operators", $"""
                CREATE TABLE IF NOT EXISTS operators (
                    user_id BIGINT PRIMARY KEY,
                    roles TEXT NOT NULL,
                    created_by BIGINT NULL,
                    created_at BIGINT NOT NULL,
                    disabled_at BIGINT NULL
                );
                CREATE TABLE IF NOT EXISTS operator_audit (
                    id BIGINT PRIMARY KEY,
                    operator_id BIGINT NOT NULL,
                    roles TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target_type TEXT NOT NULL,
                    target_id TEXT NULL,
                    before_state TEXT NULL,
                    after_state TEXT NULL,
                    reason TEXT NULL,
                    ip TEXT NULL,
                    time BIGINT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS operator_audit_by_operator ON operator_audit (operator_id, id);
                CREATE INDEX IF NOT EXISTS operator_audit_by_target ON operator_audit (target_type, target_id, id);
                {(dialect.Provider == SqlDialects.Postgres ? PostgresAppendOnly : SqliteAppendOnly)}
                """),
            // Maker–checker: dangerous operator actions waiting for a second operator (Bourse.Identity.Operators.IProposalStore).
            new("identity-adjustments-001-proposals", $"""
                CREATE TABLE IF NOT EXISTS proposals (
                    id {dialect.GeneratedKey},
                    kind TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    proposed_by BIGINT NOT NULL,
                    proposed_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    decided_by BIGINT NULL,
                    decided_at BIGINT NULL,
                    decision_reason TEXT NULL,
                    failure TEXT NULL,
                    UNIQUE (kind, reference)
                );
                CREATE INDEX IF NOT EXISTS proposals_by_kind ON proposals (kind, id);
                CREATE INDEX IF NOT EXISTS proposals_by_status ON proposals (status, expires_at);
                """),
            // Back office (users): a login freeze, why and by whom the account's restrictions were last set, and a
            // password reset forced by support. The partial index keeps the frozen list cheap to poll.
            UserRestrictions(dialect),
        ];
    }

    private const string SqliteAppendOnly = """
        CREATE TRIGGER IF NOT EXISTS operator_audit_no_update BEFORE UPDATE ON operator_audit
        BEGIN SELECT RAISE(ABORT, 'operator_audit is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS operator_audit_no_delete BEFORE DELETE ON operator_audit
        BEGIN SELECT RAISE(ABORT, 'operator_audit is append-only'); END;
        """;

    private const string PostgresAppendOnly = """
        CREATE OR REPLACE FUNCTION operator_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'operator_audit is append-only';
        END
        $$;
        DROP TRIGGER IF EXISTS operator_audit_no_change ON operator_audit;
        CREATE TRIGGER operator_audit_no_change BEFORE UPDATE OR DELETE ON operator_audit
            FOR EACH ROW EXECUTE FUNCTION operator_audit_append_only();
        DROP TRIGGER IF EXISTS operator_audit_no_truncate ON operator_audit;
        CREATE TRIGGER operator_audit_no_truncate BEFORE TRUNCATE ON operator_audit
            FOR EACH STATEMENT EXECUTE FUNCTION operator_audit_append_only();
        """;

    private static SchemaMigration UserRestrictions(SqlDialect dialect)
    {
        var ifNotExists = dialect.Provider == SqlDialects.Postgres ? "IF NOT EXISTS " : "";
        return new("identity-004-users-restrictions", $"""
            ALTER TABLE users ADD COLUMN {ifNotExists}login_frozen INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN {ifNotExists}restriction_reason TEXT NULL;
            ALTER TABLE users ADD COLUMN {ifNotExists}restricted_by BIGINT NULL;
            ALTER TABLE users ADD COLUMN {ifNotExists}restricted_at BIGINT NULL;
            ALTER TABLE users ADD COLUMN {ifNotExists}password_reset_required INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX IF NOT EXISTS users_login_frozen ON users (id) WHERE login_frozen = 1;
            """);
    }

    /// <summary>Opens the identity database (identity.db next to the history for SQLite) and brings its schema up to date.</summary>
    public static SqlDialect Open(string? provider, string? connectionString, string dataDirectory)
    {
        var dialect = SqlDialects.Open(provider, connectionString, dataDirectory, "identity.db");
        SchemaMigrations.Apply(dialect, Migrations(dialect));
        return dialect;
    }
}
