namespace Bourse.Identity.Tests;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("Alice@Example.COM", "alice@example.com")]
    [InlineData("  bob@example.com  ", "bob@example.com")]
    [InlineData("carol+trading@sub.example.org", "carol+trading@sub.example.org")]
    [InlineData("dave@bücher.de", "dave@xn--bcher-kva.de")]
    public void Addresses_have_one_spelling(string input, string expected) => Assert.Equal(expected, EmailAddresses.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("a@localhost")]
    [InlineData("a b@example.com")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("a@exa\u0000mple.com")]
    [InlineData("a\n@example.com")]
    public void Anything_but_a_plain_address_is_refused(string? input) => Assert.Null(EmailAddresses.Normalize(input));

    [Fact]
    public void Overlong_addresses_are_refused()
    {
        Assert.Null(EmailAddresses.Normalize(new string('a', 65) + "@example.com"));
        Assert.Null(EmailAddresses.Normalize("a@" + new string('b', 250) + ".com"));
    }
}
