using OtpNet;
using QRCoder;

namespace Bourse.Identity;

/// <summary>
/// RFC 6238 time-based one-time passwords through Otp.NET: SHA-1, 6 digits, 30-second steps (what every authenticator
/// app supports), accepting one step either side for clock drift. Verification returns the matched step so the caller
/// can refuse a code whose step was already used.
/// </summary>
public static class TotpCodes
{
    private const string Issuer = "Bourse";

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    public static byte[] FromBase32(string secret) => Base32Encoding.ToBytes(secret);

    /// <summary>The otpauth:// URI authenticator apps scan (Key Uri Format).</summary>
    public static string Uri(byte[] secret, string email) =>
        new OtpUri(OtpType.Totp, secret, email, Issuer).ToString();

    /// <summary>The URI as an SVG QR code, for the web UI to show inline.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

    /// <summary>The time step the code belongs to, or null when it matches none in the window.</summary>
    public static long? Verify(byte[] secret, string? code, DateTimeOffset now)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The current code (for tests and for showing what the server expects in diagnostics).</summary>
    public static string Compute(byte[] secret, DateTimeOffset now) => new Totp(secret).ComputeTotp(now.UtcDateTime);
}
