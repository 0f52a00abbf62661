using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bourse.Identity.Operators;

/// <summary>
/// The operator audit log's hash chain: each entry's hash is SHA-256 over a canonical encoding of its id, its fields
/// and the hash of the entry before, so editing, inserting or deleting an entry breaks every link after it (deleting
/// the newest entries is not detectable from the chain alone: anchor the latest hash elsewhere for that).
/// </summary>
public static class OperatorAuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Lower-case hex SHA-256 of the entry's canonical encoding.</summary>
    public static string Hash(long id, OperatorAction action, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(previousHash);
        var canonical = new StringBuilder("bourse-operator-audit-v1\n");
        Field(canonical, id.ToString(CultureInfo.InvariantCulture));
        Field(canonical, action.OperatorId.ToString(CultureInfo.InvariantCulture));
        Field(canonical, action.Roles);
        Field(canonical, action.Action);
        Field(canonical, action.TargetType);
        Field(canonical, action.TargetId);
        Field(canonical, action.Before);
        Field(canonical, action.After);
        Field(canonical, action.Reason);
        Field(canonical, action.Ip);
        Field(canonical, action.Time.ToString(CultureInfo.InvariantCulture));
        Field(canonical, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>
    /// Checks entries given in id order: each must link to the one before (the first to <see cref="Genesis"/>) and hash
    /// to what it claims. Reports the first entry that does not.
    /// </summary>
    public static OperatorAuditVerification Verify(IEnumerable<OperatorAuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = Genesis;
        long count = 0;
        long? previousId = null;
        foreach (var entry in entries)
        {
            count++;
            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new(false, count, entry.Id, previousId is { } before
                    ? $"entry {entry.Id} does not link to entry {before} (an entry between them was removed, or {before} was altered)"
                    : $"entry {entry.Id}, the first, does not start the chain (earlier entries were removed)");
            }

            if (!string.Equals(Hash(entry.Id, entry.Action, entry.PreviousHash), entry.Hash, StringComparison.Ordinal))
            {
                return new(false, count, entry.Id, $"entry {entry.Id} does not match its hash (it was altered)");
            }

            previous = entry.Hash;
            previousId = entry.Id;
        }

        return new(true, count, null, count == 0 ? "the log is empty" : $"{count} entries, chain intact through entry {previousId}");
    }

    private static void Field(StringBuilder canonical, string? value)
    {
        // Length-prefixed (in UTF-16 units, unambiguous for any content), null distinct from empty.
        if (value is null)
        {
            canonical.Append("-\n");
            return;
        }

        canonical.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}
