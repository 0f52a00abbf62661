namespace Bourse.Server.ApiKeys;

/// <summary>Why an API key was not created; stable codes an HTTP API can return as they are.</summary>
public static class ApiKeyErrors
{
    public const string InvalidLabel = "invalid_label";
    public const string InvalidPermissions = "invalid_permissions";
    public const string InvalidIpAllowList = "invalid_ip_allow_list";
    public const string TooManyIps = "too_many_ips";
    public const string TooManyKeys = "too_many_keys";
}
