using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bourse.Server.Engine;

/// <summary>Alive unless the engine stopped by itself: see <see cref="EngineHost.IsAlive"/>.</summary>
public sealed class EngineLiveness(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.IsAlive ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(host.NotReadyReason));
}
