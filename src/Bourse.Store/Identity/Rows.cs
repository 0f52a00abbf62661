using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>Column readers that behave the same on SQLite (every integer is 64-bit) and PostgreSQL (INTEGER is 32-bit).</summary>
internal static class Rows
{
    public static long Long(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    public static bool Flag(this DbDataReader reader, int ordinal) => reader.Long(ordinal) != 0;

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
