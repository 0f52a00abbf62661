namespace Bourse.Identity.Tests;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("Alice@Example.COM", "alice@example.com")]
    [InlineData("  bob@example.com  ", "bob@example.com")]
    [InlineData("carol+trading@sub.example.org", "carol+trading@sub.example.org")]
    [InlineData("dave@bücher.de", "dave@xn--bcher-kva.de")]
    [InlineData("Ann@München.DE", "ann@xn--mnchen-3ya.de")]
    [InlineData("ann@xn--mnchen-3ya.de", "ann@xn--mnchen-3ya.de")]
    [InlineData("ANN@XN--MNCHEN-3YA.DE", "ann@xn--mnchen-3ya.de")]
    [InlineData("ivan@банк.рф", "ivan@xn--80ab2al.xn--p1ai")]
    [InlineData("Ivan@БАНК.РФ", "ivan@xn--80ab2al.xn--p1ai")]
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

    [Theory]
    [InlineData("Ann@München.de", "Ann@xn--mnchen-3ya.de")]
    [InlineData(" ivan@БАНК.рф ", "ivan@xn--80ab2al.xn--p1ai")]
    [InlineData("Bob@Example.COM", "Bob@example.com")]
    public void The_delivery_form_has_an_ascii_domain_and_the_local_part_as_given(string input, string expected) =>
        Assert.Equal(expected, EmailAddresses.ForDelivery(input));

    [Theory]
    [InlineData("dave@bücher.de")]
    [InlineData("ivan@банк.рф")]
    [InlineData("carol+trading@sub.example.org")]
    [InlineData("Alice@Example.COM")]
    public void A_normalized_address_is_its_own_delivery_form(string input)
    {
        var normalized = EmailAddresses.Normalize(input);
        Assert.NotNull(normalized);
        Assert.Equal(normalized, EmailAddresses.ForDelivery(normalized));
    }

    [Theory]
    [InlineData("a@münchen")]
    [InlineData("a@банк")]
    [InlineData("a@münchen..de")]
    public void A_domain_that_is_no_internationalized_name_is_refused(string input)
    {
        Assert.Null(EmailAddresses.Normalize(input));
        Assert.Null(EmailAddresses.ForDelivery(input));
    }
}
