namespace Bourse.Server.Approvals;

/// <summary>
/// A start-up part after the engine: carries out proposals approved before the last stop whose result was never
/// recorded (<see cref="ProposalDesk.RedriveAsync"/>).
/// </summary>
public sealed class ProposalRedrive(ProposalDesk desk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => desk.RedriveAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
