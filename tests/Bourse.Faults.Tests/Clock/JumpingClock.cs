namespace Bourse.Faults.Tests.Clock;

/// <summary>
/// A fake clock whose wall time can step back or forward, as an NTP correction or an operator's <c>date -s</c> steps
/// a machine's: <see cref="Jump"/> moves what <see cref="GetUtcNow"/> reads, while timers and elapsed time keep going
/// only as <see cref="FakeTimeProvider.Advance(TimeSpan)"/> moves them (FakeTimeProvider itself never goes back).
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long _offsetTicks;

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
