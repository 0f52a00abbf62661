using Bourse.Api.Binance;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Parameters;

public class ParameterReaderTests
{
    private static BinanceError ParseError(string? query, string? body = null)
    {
        var result = ParameterReader.Parse(query, body);
        Assert.False(result.IsSuccess, "expected the parameters to be refused");
        return result.Error;
    }

    [Fact]
    public void Query_string_and_body_are_both_read()
    {
        var p = Read("?symbol=BTCUSDT", "side=BUY");

        Assert.Equal("BTCUSDT", p.RequiredSymbol());
        Assert.Equal(Side.Buy, p.Required("side", WireEnums.Side));
        Assert.Null(p.EnsureAllRead());
    }

    [Fact]
    public void The_query_string_wins_when_a_name_is_in_both()
    {
        var p = Read("side=SELL", "side=BUY&symbol=BTCUSDT");

        Assert.Equal(Side.Sell, p.Required("side", WireEnums.Side));
        Assert.Equal("BTCUSDT", p.RequiredSymbol());
        Assert.Equal(2, p.Count);
        Assert.Null(p.EnsureAllRead());
    }

    [Theory]
    [InlineData("symbol=A&symbol=B", null)]
    [InlineData(null, "symbol=A&symbol=B")]
    public void A_name_twice_in_one_place_is_a_duplicate(string? query, string? body)
    {
        var error = ParseError(query, body);

        Assert.Equal(-1101, error.Code);
        Assert.Equal("Duplicate values for a parameter detected.", error.Msg);
    }

    [Fact]
    public void More_parameters_than_any_endpoint_takes_are_refused()
    {
        var query = string.Join('&', Enumerable.Range(0, ParameterReader.MaxParameters + 1).Select(i => $"p{i}=1"));

        Assert.Equal(-1101, ParseError(query).Code);
        Assert.Equal("Too many parameters sent for this endpoint.", ParseError(query).Msg);
    }

    [Fact]
    public void Percent_escapes_and_plus_are_decoded()
    {
        var p = Read("newClientOrderId=x-TKT5PX2F%3Aa%2Fb&note=a+b%20c&symbols=%5B%22BTCUSDT%22%5D");

        Assert.Equal("x-TKT5PX2F:a/b", p.OptionalClientOrderId("newClientOrderId"));
        Assert.Equal("a b c", p.OptionalString("note"));
        Assert.Equal("[\"BTCUSDT\"]", p.OptionalString("symbols"));
    }

    [Theory]
    [InlineData("symbol=%ZZ")]
    [InlineData("symbol=%4")]
    [InlineData("symbol=%C3%28")]
    [InlineData("symbol=a%00b")]
    [InlineData("symbol=a%0Ab")]
    [InlineData("sym%20bol=A")]
    [InlineData("=A")]
    public void Broken_escapes_invalid_utf8_control_characters_and_odd_names_are_illegal(string query)
    {
        var error = ParseError(query);

        Assert.Equal(-1100, error.Code);
        Assert.Equal("Illegal characters found in a parameter.", error.Msg);
    }

    [Fact]
    public void A_missing_mandatory_parameter_is_named()
    {
        var p = Read("side=BUY");

        p.RequiredSymbol();

        Assert.Equal(-1102, p.Error?.Code);
        Assert.Equal("Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.", p.Error?.Msg);
    }

    [Fact]
    public void An_empty_mandatory_parameter_is_a_missing_one()
    {
        var p = Read("symbol=");

        p.RequiredSymbol();

        Assert.Equal(-1102, p.Error?.Code);
    }

    [Fact]
    public void An_empty_optional_parameter_is_refused()
    {
        var p = Read("newClientOrderId=");

        Assert.Null(p.OptionalClientOrderId("newClientOrderId"));
        Assert.Equal(-1105, p.Error?.Code);
        Assert.Equal("Parameter 'newClientOrderId' was empty.", p.Error?.Msg);
    }

    [Fact]
    public void A_parameter_nobody_read_is_refused()
    {
        var p = Read("symbol=BTCUSDT&colour=blue");

        p.RequiredSymbol();

        Assert.Equal(-1104, p.EnsureAllRead()?.Code);
        Assert.Equal("Not all sent parameters were read; read '1' parameter(s) but was sent '2'.", p.Error?.Msg);
    }

    [Fact]
    public void Signed_parameters_count_as_read_once_authentication_has_them()
    {
        var p = Read("symbol=BTCUSDT&timestamp=1&recvWindow=5000&signature=ab");

        p.RequiredSymbol();
        p.MarkSignedParametersRead();

        Assert.Null(p.EnsureAllRead());
    }

    [Fact]
    public void The_first_error_is_kept()
    {
        var p = Read("side=UP&type=SIDEWAYS");

        p.Required("side", WireEnums.Side);
        p.Required("type", WireEnums.OrderType);
        p.RequiredSymbol();

        Assert.Equal(-1117, p.Error?.Code);
    }

    [Theory]
    [InlineData("btcusdt")]
    [InlineData("BTC/USDT")]
    [InlineData("BTC USDT")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU")]
    public void A_symbol_must_be_upper_case_letters_and_digits(string symbol)
    {
        var p = Read("symbol=" + Uri.EscapeDataString(symbol));

        p.RequiredSymbol();

        Assert.Equal(-1100, p.Error?.Code);
        Assert.Equal("Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.", p.Error?.Msg);
    }

    [Theory]
    [InlineData("side", "buy", -1117, "Invalid side.")]
    [InlineData("type", "LIMITED", -1116, "Invalid orderType.")]
    [InlineData("type", "STOP_LOSS", -2010, "Stop loss orders are not supported for this symbol.")]
    [InlineData("type", "TAKE_PROFIT", -2010, "Take profit orders are not supported for this symbol.")]
    [InlineData("timeInForce", "GTX", -1115, "Invalid timeInForce.")]
    [InlineData("newOrderRespType", "NONE", -1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.")]
    [InlineData("selfTradePreventionMode", "DECREMENT", -1100, "Illegal characters found in parameter 'selfTradePreventionMode'; legal range is 'NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH'.")]
    [InlineData("cancelReplaceMode", "ALWAYS", -1100, "Illegal characters found in parameter 'cancelReplaceMode'; legal range is 'STOP_ON_FAILURE, ALLOW_FAILURE'.")]
    public void An_unknown_enum_value_gets_binances_error(string name, string value, int code, string msg)
    {
        var p = Read($"{name}={value}");

        switch (name)
        {
            case "side":
                p.Required(name, WireEnums.Side);
                break;
            case "type":
                p.Required(name, WireEnums.OrderType);
                break;
            case "timeInForce":
                p.Optional(name, WireEnums.TimeInForce);
                break;
            case "newOrderRespType":
                p.Optional(name, WireEnums.OrderResponseType);
                break;
            case "selfTradePreventionMode":
                p.Optional(name, WireEnums.SelfTradePrevention);
                break;
            default:
                p.Required(name, WireEnums.CancelReplaceMode);
                break;
        }

        Assert.Equal(code, p.Error?.Code);
        Assert.Equal(msg, p.Error?.Msg);
    }

    [Fact]
    public void Enum_values_parse_exactly()
    {
        var p = Read("side=SELL&type=TAKE_PROFIT_LIMIT&timeInForce=FOK&newOrderRespType=RESULT&selfTradePreventionMode=EXPIRE_BOTH&cancelReplaceMode=ALLOW_FAILURE");

        Assert.Equal(Side.Sell, p.Required("side", WireEnums.Side));
        Assert.Equal(OrderType.TakeProfitLimit, p.Required("type", WireEnums.OrderType));
        Assert.Equal(TimeInForce.Fok, p.Optional("timeInForce", WireEnums.TimeInForce));
        Assert.Equal(OrderResponseType.Result, p.Optional("newOrderRespType", WireEnums.OrderResponseType));
        Assert.Equal(SelfTradePrevention.ExpireBoth, p.Optional("selfTradePreventionMode", WireEnums.SelfTradePrevention));
        Assert.Equal(CancelReplaceMode.AllowFailure, p.Required("cancelReplaceMode", WireEnums.CancelReplaceMode));
        Assert.Null(p.EnsureAllRead());
    }

    [Theory]
    [InlineData("12", 12L)]
    [InlineData("0012", 12L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Integers_parse(string text, long expected)
    {
        var p = Read("orderId=" + text);

        Assert.Equal(expected, p.RequiredLong("orderId"));
        Assert.Null(p.Error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("%2012")]
    [InlineData("123456789012345678901")]
    public void Malformed_integers_are_illegal(string text)
    {
        var p = Read("orderId=" + text);

        p.RequiredLong("orderId");

        Assert.Equal(-1100, p.Error?.Code);
        Assert.Equal("Illegal characters found in parameter 'orderId'; legal range is '^[0-9]{1,20}$'.", p.Error?.Msg);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("9223372036854775808")]
    public void Integers_outside_their_range_are_invalid(string text)
    {
        var p = Read("limit=" + text);

        p.OptionalLong("limit", min: 1, max: 1000);

        Assert.Equal(-1130, p.Error?.Code);
        Assert.Equal("Data sent for parameter 'limit' is not valid.", p.Error?.Msg);
    }

    [Fact]
    public void Amounts_become_smallest_units()
    {
        var p = Read("quantity=0.001&price=65000.5");

        Assert.Equal(100_000, p.RequiredUnits("quantity", 8, "LOT_SIZE"));
        Assert.Equal(6_500_050_000_000, p.RequiredUnits("price", 8, "PRICE_FILTER"));
    }

    [Fact]
    public void An_amount_with_more_decimals_than_the_asset_has_is_too_precise()
    {
        var p = Read("quantity=0.000000001");

        p.RequiredUnits("quantity", 8, "LOT_SIZE");

        Assert.Equal(-1111, p.Error?.Code);
        Assert.Equal("Precision is over the maximum defined for this asset.", p.Error?.Msg);
    }

    [Fact]
    public void A_malformed_amount_is_illegal()
    {
        var p = Read("price=1e3");

        p.RequiredUnits("price", 8, "PRICE_FILTER");

        Assert.Equal(-1100, p.Error?.Code);
        Assert.Equal("Illegal characters found in parameter 'price'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.", p.Error?.Msg);
    }

    [Fact]
    public void An_amount_too_large_to_hold_fails_its_filter()
    {
        var p = Read("price=99999999999999999999");

        p.RequiredUnits("price", 8, "PRICE_FILTER");

        Assert.Equal(-1013, p.Error?.Code);
        Assert.Equal("Filter failure: PRICE_FILTER", p.Error?.Msg);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    public void Booleans_parse_in_any_case(string text, bool expected)
    {
        Assert.Equal(expected, Read("omitZeroBalances=" + text).OptionalBool("omitZeroBalances"));
    }

    [Fact]
    public void A_malformed_boolean_is_illegal()
    {
        var p = Read("omitZeroBalances=yes");

        p.OptionalBool("omitZeroBalances");

        Assert.Equal(-1100, p.Error?.Code);
    }

    [Theory]
    [InlineData("x-TKT5PX2F0123456789abcdef012345")]
    [InlineData("web_1.2:3/4-5")]
    [InlineData("A")]
    [InlineData("123456789012345678901234567890123456")]
    public void Client_order_ids_follow_binances_pattern(string id)
    {
        var p = Read("newClientOrderId=" + Uri.EscapeDataString(id));

        Assert.Equal(id, p.OptionalClientOrderId("newClientOrderId"));
        Assert.Null(p.Error);
    }

    [Theory]
    [InlineData("1234567890123456789012345678901234567")]
    [InlineData("has space")]
    [InlineData("émoji")]
    [InlineData("a+b")]
    public void Other_client_order_ids_are_illegal(string id)
    {
        var p = Read("newClientOrderId=" + Uri.EscapeDataString(id));

        p.OptionalClientOrderId("newClientOrderId");

        Assert.Equal(-1100, p.Error?.Code);
        Assert.Equal(@"Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\.A-Z\:/a-z0-9_-]{1,36}$'.", p.Error?.Msg);
    }

    [Fact]
    public void Websocket_params_are_read_the_same_way()
    {
        var parsed = ParameterReader.FromPairs([new("symbol", "BTCUSDT"), new("side", "BUY")]);

        Assert.True(parsed.IsSuccess);
        Assert.Equal("BTCUSDT", parsed.Value.RequiredSymbol());
        Assert.Equal(-1101, ParameterReader.FromPairs([new("a", "1"), new("a", "2")]).Error?.Code);
    }
}
