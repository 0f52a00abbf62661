namespace Bourse.Core.Accounts;

/// <summary>A user's idempotency reference (transfer, withdrawal, convert, stake): unique per user and capability.</summary>
internal readonly record struct UserReference(long UserId, string Reference);

/// <summary>The snapshot form of a reference → id map: sorted by user, then reference (ordinal), so equal maps give equal bytes.</summary>
internal static class UserReferences
{
    public static void Write(BinaryWriter w, Dictionary<UserReference, long> references)
    {
        var sorted = references.OrderBy(r => r.Key.UserId).ThenBy(r => r.Key.Reference, StringComparer.Ordinal).ToList();
        w.Write(sorted.Count);
        foreach (var (key, id) in sorted)
        {
            w.Write(key.UserId);
            w.Write(key.Reference);
            w.Write(id);
        }
    }

    public static void Read(BinaryReader r, Dictionary<UserReference, long> references)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            references.Add(new UserReference(r.ReadInt64(), r.ReadString()), r.ReadInt64());
        }
    }
}
