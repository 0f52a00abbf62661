using System.Data.Common;
using Bourse.Identity.Operators;

namespace Bourse.Store.Identity;

/// <summary>
/// The operator audit log as a hash chain in <c>operator_audit</c>. Appends are serialized so the chain never forks,
/// even across processes (the server and a <c>bourse</c> command): SQLite's write transaction (BEGIN IMMEDIATE) on
/// SQLite, a transaction-scoped advisory lock on PostgreSQL. Triggers refuse UPDATE and DELETE.
/// </summary>
public sealed class SqlOperatorAuditLog(IdentityDatabase database) : IOperatorAuditLog, IOperatorAuditTrail
{
    // An arbitrary constant naming the advisory lock that serializes appends ("opaudit" in ASCII).
    private const long AppendLock = 0x6f7061756469;

    private const string Columns = "id, operator_id, roles, action, target_type, target_id, before_state, after_state, reason, ip, time, previous_hash, hash";

    public async Task AddAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var connection = await database.Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (database.Dialect.Provider == SqlDialects.Postgres)
                {
                    using var locking = new SqlStatement(connection, transaction, $"SELECT pg_advisory_xact_lock({AppendLock})");
                    await locking.ScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                long lastId = 0;
                var previousHash = OperatorAuditChain.Genesis;
                using (var last = new SqlStatement(connection, transaction, "SELECT id, hash FROM operator_audit ORDER BY id DESC LIMIT 1"))
                {
                    var reader = await last.ReadAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            lastId = reader.Long(0);
                            previousHash = reader.GetString(1);
                        }
                    }
                }

                var id = lastId + 1;
                using (var insert = new SqlStatement(connection, transaction, $"""
                    INSERT INTO operator_audit ({Columns})
                    VALUES (@id, @operator_id, @roles, @action, @target_type, @target_id, @before, @after, @reason, @ip, @time, @previous_hash, @hash)
                    """))
                {
                    insert.Set("@id", id).Set("@operator_id", action.OperatorId).Set("@roles", action.Roles).Set("@action", action.Action)
                        .Set("@target_type", action.TargetType).Set("@target_id", action.TargetId).Set("@before", action.Before).Set("@after", action.After)
                        .Set("@reason", action.Reason).Set("@ip", action.Ip).Set("@time", action.Time).Set("@previous_hash", previousHash)
                        .Set("@hash", OperatorAuditChain.Hash(id, action, previousHash));
                    await insert.ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
                }

                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OperatorAuditEntry>> SearchAsync(OperatorAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Conditions are added only when given: an untyped NULL parameter is ambiguous to PostgreSQL.
        var where = new List<string> { "id < @before" };
        var parameters = new List<(string, object?)> { ("@before", query.BeforeId ?? long.MaxValue), ("@limit", query.Limit) };
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(condition);
                parameters.Add((name, value));
            }
        }

        Add("operator_id = @operator_id", "@operator_id", query.OperatorId);
        Add("action = @action", "@action", query.Action);
        Add("target_type = @target_type", "@target_type", query.TargetType);
        Add("target_id = @target_id", "@target_id", query.TargetId);
        return await database.QueryAsync($"""
            SELECT {Columns} FROM operator_audit WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT @limit
            """, Map, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    public async Task<OperatorAuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var connection = await database.Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var read = new SqlStatement(connection, null, $"SELECT {Columns} FROM operator_audit ORDER BY id");
            var reader = await read.ReadAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return OperatorAuditChain.Verify(Rows(reader));
            }
        }
    }

    /// <summary>The rows one at a time, so a long log is never held in memory.</summary>
    private static IEnumerable<OperatorAuditEntry> Rows(DbDataReader reader)
    {
        while (reader.Read())
        {
            yield return Map(reader);
        }
    }

    private static OperatorAuditEntry Map(DbDataReader r) => new(
        r.Long(0),
        new OperatorAction(r.Long(1), r.GetString(2), r.GetString(3), r.GetString(4), r.NullableString(5), r.NullableString(6), r.NullableString(7),
            r.NullableString(8), r.NullableString(9), r.Long(10)),
        r.GetString(11), r.GetString(12));
}
