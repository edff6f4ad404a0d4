using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.Ingestion.Compression;

namespace Mla.Writer.Batching;

/// <summary>
/// Reads a record of an ingestion topic (IngestionHeaders): tenant from the <c>mla-tenant</c> header or the key,
/// value a snappy block in the sink's format (a remote-write 1.0 body, or a Loki PushRequest for loki and file sinks). A record that is not one can never be written: it goes to the dead-letter topic.
/// </summary>
public static class RecordReader
{
    public static bool TryRead(
        ConsumeResult<byte[]?, byte[]?> result,
        Action? onComplete,
        out HeldRecord? record,
        out string error,
        string expectedFormat = IngestionHeaders.RemoteWriteV1Format)
    {
        record = null;
        var message = result.Message;
        var tenant = TenantOf(message);
        if (tenant is null)
        {
            error = "the record names no tenant (no mla-tenant header and no key)";
            return false;
        }

        var format = Header(message, IngestionHeaders.Format);
        if (format is not null && format != expectedFormat)
        {
            error = $"format '{format}' is not {expectedFormat}";
            return false;
        }

        if (message.Value is not { Length: > 0 } value)
        {
            error = "the record has no value";
            return false;
        }

        if (!SnappyBlock.TryCheck(value, out var uncompressedLength, out var snappyError))
        {
            error = $"the value is not a snappy block: {snappyError}";
            return false;
        }

        var samples = long.TryParse(Header(message, IngestionHeaders.Samples), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        record = new HeldRecord(result, tenant, uncompressedLength, samples, onComplete);
        error = string.Empty;
        return true;
    }

    /// <summary>The record's tenant: its <c>mla-tenant</c> header, else its key; null when it names none.</summary>
    public static string? TenantOf(Message<byte[]?, byte[]?> message)
    {
        var tenant = Header(message, IngestionHeaders.Tenant) ?? (message.Key is { Length: > 0 } key ? Encoding.UTF8.GetString(key) : null);
        return string.IsNullOrWhiteSpace(tenant) ? null : tenant;
    }

    public static string? Header(Message<byte[]?, byte[]?> message, string name) =>
        message.Headers is not null && message.Headers.TryGetLastBytes(name, out var bytes) && bytes is not null
            ? Encoding.UTF8.GetString(bytes)
            : null;
}
