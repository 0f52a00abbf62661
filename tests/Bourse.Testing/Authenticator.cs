using OtpNet;

namespace Bourse.Testing;

/// <summary>What a phone authenticator app does with the enrolled secret: RFC 6238 codes for now and the next step.</summary>
public sealed class Authenticator(string base32Secret)
{
    private readonly Totp _totp = new(Base32Encoding.ToBytes(base32Secret));

    public string Now() => _totp.ComputeTotp(DateTime.UtcNow);

    /// <summary>The code of the next 30-second step (servers accept one step of drift either way).</summary>
    public string Next() => _totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
}
