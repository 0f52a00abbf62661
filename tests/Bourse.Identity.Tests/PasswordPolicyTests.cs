namespace Bourse.Identity.Tests;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3-extended")]
    [InlineData("ünïcødé passphrase")]
    [InlineData("🔐🔑🗝️🔒 and words")]
    public void Long_uncommon_passwords_pass(string password) => Assert.Null(PasswordPolicy.Check(password, "someone@example.com"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("123456789")]
    [InlineData("1234567890")]
    [InlineData("qwertyuiop")]
    [InlineData("Password123!")]
    [InlineData("P@ssw0rd2024")]
    [InlineData("!!Letmein2020!!")]
    [InlineData("bitcoin12345")]
    [InlineData("$uperman2024")]
    [InlineData("4dministrator!")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    [InlineData("abcdefghijklmno")]
    [InlineData("zyxwvutsrqpon")]
    [InlineData("someone-rules-2024")]
    public void Short_common_repetitive_or_personal_passwords_fail(string? password) =>
        Assert.NotNull(PasswordPolicy.Check(password, "someone@example.com"));

    [Fact]
    public void Length_counts_characters_not_utf16_units_and_has_a_ceiling()
    {
        Assert.NotNull(PasswordPolicy.Check("🔐🔑🗝🔒🔓", null));
        Assert.Null(PasswordPolicy.Check(new string('x', 60) + "correct horse battery", null));
        Assert.NotNull(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("abcd", 33)), null));
    }

    [Theory]
    [InlineData("Passw0rd", "password")]
    [InlineData("$uper1man!", "superiman")]
    [InlineData("123letmein456", "letmein")]
    public void Base_words_undo_the_usual_disguises(string lower, string expected) =>
        Assert.Contains(expected, PasswordPolicy.BaseWords(lower.ToLowerInvariant()));
}
