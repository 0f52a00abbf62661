using Bourse.Api.Binance;

namespace Bourse.Api.Tests.Binance.Limits;

public class RequestWeightsTests
{
    private static int Weight(string method, string path, string? query = null)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=');
            parameters[parts[0]] = parts[1];
        }

        return RequestWeights.Of(method, path, name => parameters.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("GET", "/api/v3/ping", null, 1)]
    [InlineData("GET", "/api/v3/time", null, 1)]
    [InlineData("GET", "/api/v3/exchangeInfo", null, 20)]
    [InlineData("GET", "/api/v3/depth", null, 5)]
    [InlineData("GET", "/api/v3/depth", "limit=100", 5)]
    [InlineData("GET", "/api/v3/depth", "limit=500", 25)]
    [InlineData("GET", "/api/v3/depth", "limit=1000", 50)]
    [InlineData("GET", "/api/v3/depth", "limit=5000", 250)]
    [InlineData("GET", "/api/v3/trades", null, 25)]
    [InlineData("GET", "/api/v3/historicalTrades", null, 25)]
    [InlineData("GET", "/api/v3/aggTrades", null, 4)]
    [InlineData("GET", "/api/v3/klines", null, 2)]
    [InlineData("GET", "/api/v3/ticker/24hr", "symbol=BTCUSDT", 2)]
    [InlineData("GET", "/api/v3/ticker/24hr", null, 80)]
    [InlineData("GET", "/api/v3/ticker/24hr", "symbols=[\"A\",\"B\"]", 2)]
    [InlineData("GET", "/api/v3/ticker/price", "symbol=BTCUSDT", 2)]
    [InlineData("GET", "/api/v3/ticker/price", null, 4)]
    [InlineData("GET", "/api/v3/ticker/bookTicker", null, 4)]
    [InlineData("GET", "/api/v3/avgPrice", null, 2)]
    [InlineData("POST", "/api/v3/order", null, 1)]
    [InlineData("POST", "/api/v3/order/test", null, 1)]
    [InlineData("POST", "/api/v3/order/test", "computeCommissionRates=false", 1)]
    [InlineData("POST", "/api/v3/order/test", "computeCommissionRates=true", 20)]
    [InlineData("GET", "/api/v3/account/commission", "symbol=BTCUSDT", 20)]
    [InlineData("GET", "/sapi/v1/asset/tradeFee", null, 1)]
    [InlineData("DELETE", "/api/v3/order", null, 1)]
    [InlineData("POST", "/api/v3/order/cancelReplace", null, 1)]
    [InlineData("DELETE", "/api/v3/openOrders", null, 1)]
    [InlineData("GET", "/api/v3/order", null, 4)]
    [InlineData("GET", "/api/v3/openOrders", "symbol=BTCUSDT", 6)]
    [InlineData("GET", "/api/v3/openOrders", null, 80)]
    [InlineData("GET", "/api/v3/allOrders", null, 20)]
    [InlineData("GET", "/api/v3/myTrades", null, 20)]
    [InlineData("GET", "/api/v3/account", null, 20)]
    [InlineData("POST", "/api/v3/userDataStream", null, 2)]
    [InlineData("get", "/api/v3/exchangeInfo/", null, 20)]
    [InlineData("GET", "/api/v3/unknown", null, 1)]
    public void Each_endpoint_weighs_what_binance_charges(string method, string path, string? query, int weight)
    {
        Assert.Equal(weight, Weight(method, path, query));
    }

    [Fact]
    public void Ticker_weight_grows_with_the_number_of_symbols()
    {
        static string Symbols(int n) => "symbols=[" + string.Join(',', Enumerable.Range(0, n).Select(i => $"\"S{i}\"")) + "]";

        Assert.Equal(40, Weight("GET", "/api/v3/ticker/24hr", Symbols(21)));
        Assert.Equal(80, Weight("GET", "/api/v3/ticker/24hr", Symbols(101)));
    }

    [Theory]
    [InlineData("ping", 1)]
    [InlineData("time", 1)]
    [InlineData("userDataStream.subscribe.signature", 2)]
    [InlineData("userDataStream.unsubscribe", 2)]
    [InlineData("order.dance", 1)]
    [InlineData(null, 1)]
    public void Each_websocket_api_method_weighs_what_binance_charges_and_anything_else_one(string? method, int weight)
    {
        Assert.Equal(weight, RequestWeights.OfWebSocketMethod(method));
        Assert.Equal(2, RequestWeights.WebSocketConnection);
    }

    [Theory]
    [InlineData("POST", "/api/v3/order", true)]
    [InlineData("POST", "/api/v3/order/cancelReplace", true)]
    [InlineData("POST", "/api/v3/order/test", false)]
    [InlineData("DELETE", "/api/v3/order", false)]
    public void Placing_orders_counts_against_the_order_limits(string method, string path, bool counts)
    {
        Assert.Equal(counts, RequestWeights.CountsAsOrder(method, path));
    }
}
