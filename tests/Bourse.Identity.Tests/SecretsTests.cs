namespace Bourse.Identity.Tests;

public sealed class SecretsTests
{
    // RFC 6238 appendix B: the SHA-1 key "12345678901234567890" at T = 59 s gives 94287082; six digits are its last six.
    private static readonly byte[] RfcKey = "12345678901234567890"u8.ToArray();

    [Fact]
    public void Totp_matches_the_rfc_6238_test_vector_and_reports_its_step()
    {
        var at59 = DateTimeOffset.FromUnixTimeSeconds(59);
        Assert.Equal("287082", TotpCodes.Compute(RfcKey, at59));
        Assert.Equal(1, TotpCodes.Verify(RfcKey, "287082", at59));
    }

    [Fact]
    public void Totp_accepts_one_step_of_drift_either_way_and_nothing_more()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = 1_800_000_000 / 30;
        Assert.Equal(step - 1, TotpCodes.Verify(RfcKey, TotpCodes.Compute(RfcKey, now.AddSeconds(-30)), now));
        Assert.Equal(step + 1, TotpCodes.Verify(RfcKey, TotpCodes.Compute(RfcKey, now.AddSeconds(30)), now));
        Assert.Null(TotpCodes.Verify(RfcKey, TotpCodes.Compute(RfcKey, now.AddSeconds(-90)), now));
        Assert.Null(TotpCodes.Verify(RfcKey, TotpCodes.Compute(RfcKey, now.AddSeconds(90)), now));
        Assert.Null(TotpCodes.Verify(RfcKey, "12345", now));
        Assert.Null(TotpCodes.Verify(RfcKey, "١٢٣٤٥٦", now));
        Assert.Null(TotpCodes.Verify(RfcKey, null, now));
    }

    [Fact]
    public void Enrollment_uri_names_the_issuer_and_account()
    {
        var uri = TotpCodes.Uri(RfcKey, "alice@example.com");
        Assert.StartsWith("otpauth://totp/", uri, StringComparison.Ordinal);
        Assert.Contains("issuer=Bourse", uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + TotpCodes.ToBase32(RfcKey).TrimEnd('='), uri, StringComparison.Ordinal);
        Assert.Contains("<svg", TotpCodes.QrSvg(uri), StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_codes_are_distinct_and_hash_the_same_however_typed()
    {
        var codes = RecoveryCodes.Generate();
        Assert.Equal(RecoveryCodes.Count, codes.Distinct().Count());
        var code = codes[0];
        Assert.Equal(RecoveryCodes.Hash(code), RecoveryCodes.Hash(code.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.Null(RecoveryCodes.Hash("123456"));
        Assert.Null(RecoveryCodes.Hash("0000000000"));
    }

    [Fact]
    public void Opaque_tokens_are_random_and_stored_only_as_hashes()
    {
        var a = OpaqueTokens.New();
        var b = OpaqueTokens.New();
        Assert.NotEqual(a, b);
        Assert.Equal(43, a.Length);
        Assert.Equal(64, OpaqueTokens.Hash(a).Length);
        Assert.DoesNotContain(a, OpaqueTokens.Hash(a), StringComparison.Ordinal);
        Assert.True(OpaqueTokens.FixedTimeEquals(a, a));
        Assert.False(OpaqueTokens.FixedTimeEquals(a, b));
    }

    [Fact]
    public void Password_hashes_are_salted_and_verify_only_the_right_password()
    {
        var hashing = new PasswordHashing();
        var first = hashing.Hash("correct horse battery staple");
        var second = hashing.Hash("correct horse battery staple");
        Assert.NotEqual(first, second);
        Assert.Equal((true, false), hashing.Verify(first, "correct horse battery staple"));
        Assert.Equal((false, false), hashing.Verify(first, "correct horse battery stapl"));
        Assert.DoesNotContain("horse", first, StringComparison.Ordinal);
    }
}
