using System.Text.Json;
using Bourse.Api.Binance;

namespace Bourse.Api.Tests.Binance.Signing;

public class BinanceSignatureTests
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string Payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private const string Signature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    [Fact]
    public void The_spec_test_vector_signs_the_query_string()
    {
        Assert.Equal(Signature, BinanceSignature.Compute(Secret, Payload));
        Assert.True(BinanceSignature.IsValid(Secret, Payload + "&signature=" + Signature, null, Signature));
    }

    [Fact]
    public void The_same_parameters_in_a_body_sign_the_same()
    {
        Assert.True(BinanceSignature.IsValid(Secret, "", Payload + "&signature=" + Signature, Signature));
    }

    [Fact]
    public void Query_and_body_are_concatenated_without_a_separator()
    {
        // Binance's documented mixed example: the query string ends in "GTC", the body starts with "quantity".
        const string query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
        const string body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        const string mixed = "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77";

        Assert.Equal(query + body, BinanceSignature.SignedPayload("?" + query, body + "&signature=" + mixed));
        Assert.True(BinanceSignature.IsValid(Secret, query, body + "&signature=" + mixed, mixed));
        Assert.False(BinanceSignature.IsValid(Secret, query, body, Signature));
    }

    [Fact]
    public void Upper_case_hex_is_accepted()
    {
        Assert.True(BinanceSignature.IsValid(Secret, Payload, null, Signature.ToUpperInvariant()));
    }

    [Fact]
    public void The_signature_parameter_is_removed_wherever_it_stands()
    {
        var first = "signature=" + Signature + "&" + Payload;

        Assert.Equal(Payload, BinanceSignature.SignedPayload(first, null));
        Assert.True(BinanceSignature.IsValid(Secret, first, null, Signature));
    }

    [Theory]
    [InlineData("symbol=LTCBTC&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")]
    [InlineData("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319560")]
    [InlineData("side=BUY&symbol=LTCBTC&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")]
    [InlineData("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&x=1")]
    public void A_tampered_or_reordered_payload_fails(string payload)
    {
        Assert.False(BinanceSignature.IsValid(Secret, payload, null, Signature));
    }

    [Fact]
    public void Another_secret_fails()
    {
        Assert.False(BinanceSignature.IsValid(Secret + "x", Payload, null, Signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b7")]
    [InlineData("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b711")]
    [InlineData("z8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")]
    [InlineData("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b72")]
    public void A_malformed_or_wrong_signature_fails(string? signature)
    {
        Assert.False(BinanceSignature.IsValid(Secret, Payload, null, signature));
    }

    [Fact]
    public void The_websocket_variant_signs_the_params_sorted_by_name()
    {
        // Binance's WebSocket API documentation example.
        var parameters = new Dictionary<string, string>
        {
            ["symbol"] = "BTCUSDT",
            ["side"] = "SELL",
            ["type"] = "LIMIT",
            ["timeInForce"] = "GTC",
            ["quantity"] = "0.01000000",
            ["price"] = "52000.00",
            ["newOrderRespType"] = "ACK",
            ["recvWindow"] = "100",
            ["timestamp"] = "1645423376532",
            ["apiKey"] = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
            ["signature"] = "ignored",
        };
        const string expected = "cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a";

        Assert.StartsWith("apiKey=vmPUZE6", BinanceSignature.WebSocketPayload(parameters), StringComparison.Ordinal);
        Assert.DoesNotContain("signature", BinanceSignature.WebSocketPayload(parameters), StringComparison.Ordinal);
        Assert.True(BinanceSignature.IsValidWebSocket(Secret, parameters, expected));
        parameters["price"] = "52000.01";
        Assert.False(BinanceSignature.IsValidWebSocket(Secret, parameters, expected));
    }

    [Fact]
    public void Websocket_params_keep_numbers_exactly_as_written()
    {
        using var json = JsonDocument.Parse("""{"apiKey":"k","quantity":0.01000000,"recvWindow":100,"flag":true,"signature":"s"}""");

        var pairs = BinanceSignature.WebSocketParameters(json.RootElement);

        Assert.Equal("apiKey=k&flag=true&quantity=0.01000000&recvWindow=100", BinanceSignature.WebSocketPayload(pairs));
    }
}
