using System.Data.Common;
using System.Globalization;

namespace Mla.Storage;

/// <summary>Times are stored as Unix milliseconds (BIGINT) so that SQLite and PostgreSQL compare them alike.</summary>
public static class DbDataReaderExtensions
{
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture));

    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);
}
