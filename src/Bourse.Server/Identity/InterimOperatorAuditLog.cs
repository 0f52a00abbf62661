using System.Collections.Concurrent;
using Bourse.Identity.Operators;

namespace Bourse.Server.Identity;

/// <summary>Interim: holds operator actions in memory until the SQL, hash-chained audit log replaces it.</summary>
public sealed class InterimOperatorAuditLog : IOperatorAuditLog
{
    private readonly ConcurrentQueue<OperatorAction> _actions = new();

    public IReadOnlyList<OperatorAction> Actions => [.. _actions];

    public Task AddAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        _actions.Enqueue(action);
        return Task.CompletedTask;
    }
}
