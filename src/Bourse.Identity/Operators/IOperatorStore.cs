namespace Bourse.Identity.Operators;

/// <summary>Where operator records are kept (the <c>operators</c> table). Every conditional change is one statement.</summary>
public interface IOperatorStore
{
    Task<OperatorRecord?> FindAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Every operator, disabled ones included, by user id.</summary>
    Task<IReadOnlyList<OperatorRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Makes the user an operator with these roles, or gives an existing one these roles and enables it again.</summary>
    Task UpsertAsync(long userId, IReadOnlyList<string> roles, long? createdBy, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an active operator's roles; false (nothing changed) for an unknown or disabled operator, or when it would
    /// take the admin role from the last active admin.
    /// </summary>
    Task<bool> SetRolesAsync(long userId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Disables an active operator; false (nothing changed) for an unknown or disabled one, or the last active admin.</summary>
    Task<bool> DisableAsync(long userId, long now, CancellationToken cancellationToken);
}
