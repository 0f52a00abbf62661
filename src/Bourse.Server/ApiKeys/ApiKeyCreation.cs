namespace Bourse.Server.ApiKeys;

/// <summary>
/// The outcome of <see cref="ApiKeyStore.Create"/>: the key and its plain secret (shown to the user once, stored only
/// encrypted), or a stable snake_case <see cref="Error"/> from <see cref="ApiKeyErrors"/> when the request was invalid
/// and nothing was created.
/// </summary>
public sealed record ApiKeyCreation(ApiKey? Key, string? Secret, string? Error)
{
    public static ApiKeyCreation Refused(string error) => new(null, null, error);
}
