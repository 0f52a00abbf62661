using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bourse.Server.Engine;

/// <summary>Ready once the engine has recovered and while it runs without a fault and can write its log.</summary>
public sealed class EngineReadiness(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.NotReadyReason is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());
}
