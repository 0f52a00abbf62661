using System.Text.Json.Serialization;

namespace Bourse.Server.ApiKeys;

// Request and response bodies of the /api/v1 API-key endpoints. Every request field is nullable: a missing field is
// answered with a problem naming it, never a binding exception; an unknown field is refused (invalid_json), as on every
// other /api/v1 body, so a misnamed setting (say "allowedIps") is never silently dropped.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateApiKeyRequest(string? Label, IReadOnlyList<string>? Permissions, IReadOnlyList<string>? IpAllowList, string? Code);

public sealed record ApiKeyResponse(string ApiKey, string Label, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpAllowList, long CreatedAt);

public sealed record CreatedApiKeyResponse(string ApiKey, string SecretKey, string Label, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpAllowList, long CreatedAt);
