namespace Bourse.Core;

/// <summary>Money arithmetic on smallest units: products in Int128, overflow reported rather than wrapped.</summary>
public static class Arithmetic
{
    /// <summary>Quote amount of <paramref name="quantity"/> at <paramref name="price"/>; false when it does not fit a long.</summary>
    public static bool TryNotional(long price, long quantity, long baseUnit, out long notional)
    {
        var product = MultiplyDivide(price, quantity, baseUnit);
        if (product > long.MaxValue)
        {
            notional = 0;
            return false;
        }

        notional = (long)product;
        return true;
    }

    /// <summary>Notional of a quantity and price already proven to fit (both bounded by reserved funds).</summary>
    public static long Notional(long price, long quantity, long baseUnit) => (long)MultiplyDivide(price, quantity, baseUnit);

    /// <summary>The largest whole-lot quantity that <paramref name="quote"/> buys at <paramref name="price"/>.</summary>
    public static long AffordableQuantity(long quote, long price, long baseUnit, long lotSize)
    {
        var quantity = MultiplyDivide(quote, baseUnit, price);
        quantity -= quantity % lotSize;
        return quantity > long.MaxValue ? long.MaxValue - (long.MaxValue % lotSize) : (long)quantity;
    }

    /// <summary>Fee on an amount received, rounded down in the payer's favour.</summary>
    public static long Fee(long amount, int ratePpm) => (long)MultiplyDivide(amount, ratePpm, 1_000_000);

    /// <summary>
    /// a × b / divisor for non-negative operands, exact. The 128-bit product takes one instruction; the slow 128-bit
    /// division runs only when the product does not fit 63 bits, which real amounts rarely need.
    /// </summary>
    public static Int128 MultiplyDivide(long a, long b, long divisor)
    {
        var high = Math.BigMul(a, b, out long low);
        if (high == 0 && low >= 0)
        {
            return low / divisor;
        }

        return (Int128)a * b / divisor;
    }

    public static bool TryAdd(long a, long b, out long sum)
    {
        sum = unchecked(a + b);
        return !(((a ^ sum) & (b ^ sum)) < 0);
    }

    public static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
