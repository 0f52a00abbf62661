namespace Bourse.Core;

/// <summary>
/// Optional sections at the end of a format-2 snapshot, each a tag byte and its content, written only when it holds
/// something: state added after format 2 was fixed, without changing the bytes (and so the state hash) of a state that
/// does not use it. A reader refuses a tag it does not know rather than skip state. Persisted: values are frozen.
/// </summary>
public enum SnapshotExtension : byte
{
    /// <summary>The accounts with restrictions: user id and restrictions, by user id.</summary>
    AccountRestrictions = 1,
    /// <summary>Net adjustments per asset, then every adjustment reference with its sequence.</summary>
    Adjustments = 2,
    /// <summary>The assets with a name or suspensions: asset id, whether a name follows, the name, the suspensions; by asset id.</summary>
    AssetStatus = 3,
}
