using Bourse.Api.Binance;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Signing;

public class SignedRequestsTests
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const long ServerTime = 1_499_827_319_600;

    private static string Signed(string payload) => payload + "&signature=" + BinanceSignature.Compute(Secret, payload);

    [Fact]
    public void A_fresh_correctly_signed_request_passes_and_its_signed_parameters_are_read()
    {
        var query = Signed("symbol=LTCBTC&recvWindow=5000&timestamp=1499827319559");
        var parameters = Read(query);

        Assert.Null(SignedRequests.Verify(parameters, Secret, query, null, ServerTime));
        parameters.RequiredSymbol();
        Assert.Null(parameters.EnsureAllRead());
    }

    [Fact]
    public void A_request_signed_in_the_body_passes()
    {
        var body = Signed("symbol=LTCBTC&timestamp=1499827319559");

        Assert.Null(SignedRequests.Verify(Read("", body), Secret, "", body, ServerTime));
    }

    [Fact]
    public void A_request_without_a_signature_is_missing_a_mandatory_parameter()
    {
        const string query = "symbol=LTCBTC&timestamp=1499827319559";

        Assert.Equal(-1102, SignedRequests.Verify(Read(query), Secret, query, null, ServerTime)?.Code);
    }

    [Fact]
    public void A_request_signed_with_another_secret_is_refused()
    {
        var query = Signed("symbol=LTCBTC&timestamp=1499827319559");

        var error = SignedRequests.Verify(Read(query), "other", query, null, ServerTime);

        Assert.Equal((-1022, "Signature for this request is not valid."), (error?.Code, error?.Msg));
    }

    [Fact]
    public void A_stale_correctly_signed_request_is_refused()
    {
        var query = Signed("symbol=LTCBTC&timestamp=1499827319559");

        Assert.Equal(-1021, SignedRequests.Verify(Read(query), Secret, query, null, ServerTime + 10_000)?.Code);
    }
}
