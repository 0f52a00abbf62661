using Microsoft.Extensions.Options;

namespace Bourse.Server.UserData;

/// <summary>Expires listenKeys that were not kept alive.</summary>
public sealed class ListenKeyExpiry(ListenKeys keys, IOptions<UserDataOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpiryCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            keys.ExpireDue();
        }
    }
}
