using OtpNet;

namespace Bourse.Testing;

/// <summary>
/// What a phone authenticator app does with the enrolled secret: RFC 6238 codes for now and the next step, on the
/// server's clock (<paramref name="time"/>; a fake one in process), so a step boundary between the two clocks cannot
/// make a code one step off.
/// </summary>
public sealed class Authenticator(string base32Secret, TimeProvider? time = null)
{
    private readonly Totp _totp = new(Base32Encoding.ToBytes(base32Secret));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Now() => _totp.ComputeTotp(_time.GetUtcNow().UtcDateTime);

    /// <summary>The code of the next 30-second step (servers accept one step of drift either way).</summary>
    public string Next() => _totp.ComputeTotp(_time.GetUtcNow().UtcDateTime.AddSeconds(30));
}
