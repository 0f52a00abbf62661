using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bourse.Server.Hosting;

/// <summary>
/// A health probe's answer as JSON — the status and, per check, why it is not healthy — so an operator reading the
/// probe sees the cause (e.g. "command log cannot be written since …: No space left on device"), not just a word.
/// </summary>
public static class HealthReports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Liveness: the checks tagged "live" (the engine has not stopped by itself).</summary>
    public static HealthCheckOptions Live => new() { Predicate = check => check.Tags.Contains("live"), ResponseWriter = WriteAsync };

    /// <summary>Readiness: the checks tagged "ready" (recovered, not faulted, the command log takes writes).</summary>
    public static HealthCheckOptions Ready => new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteAsync };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.ToDictionary(e => e.Key, e => new Check(e.Value.Status.ToString(), e.Value.Description));
        return JsonSerializer.SerializeAsync(context.Response.Body, new Report(report.Status.ToString(), checks), Json, context.RequestAborted);
    }

    internal sealed record Report(string Status, Dictionary<string, Check> Checks);

    internal sealed record Check(string Status, string? Description);
}
