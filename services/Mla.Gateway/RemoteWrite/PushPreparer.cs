using System.Buffers;
using Microsoft.Extensions.Options;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;
using Mla.Gateway.Validation;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// Decompresses, decodes and validates a body, and packs the accepted series into records: synchronous, over pooled
/// buffers, one pass over the request. When every series is valid and the body fits a record, the record is the
/// original body, unchanged. Bad input ends in a <see cref="PreparedPush.Failure"/>, never in an exception.
/// </summary>
public sealed class PushPreparer(IOptions<GatewayOptions> options, InFlightBudget budget, TimeProvider time)
{
    private readonly int _maxDecompressedBytes = options.Value.MaxDecompressedBytes;
    private readonly int _maxRecordBytes = options.Value.Kafka.MaxRecordBytes;

    public PreparedPush Prepare(byte[] body, Tenant tenant)
    {
        if (!SnappyBody.TryGetUncompressedLength(body, out var length, out var error))
        {
            return PreparedPush.Failed(StatusCodes.Status400BadRequest, "invalid_snappy", error!);
        }

        if (length > _maxDecompressedBytes)
        {
            return PreparedPush.Failed(StatusCodes.Status413PayloadTooLarge, "decompressed_too_large",
                $"the body decompresses to {length} bytes, more than the limit of {_maxDecompressedBytes} (Mla:Gateway:MaxDecompressedBytes)");
        }

        if (!budget.TryReserve(length))
        {
            return new PreparedPush { Failure = InFlightFull() };
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var request = buffer.AsSpan(0, length);
            if (!SnappyBody.TryDecompress(body, request, out error))
            {
                return PreparedPush.Failed(StatusCodes.Status400BadRequest, "invalid_snappy", error!);
            }

            return Validate(body, request, tenant.Limits);
        }
        catch (RemoteWriteFormatException ex)
        {
            return PreparedPush.Failed(StatusCodes.Status400BadRequest, "invalid_protobuf", $"the body is not a valid remote write 1.0 WriteRequest: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            budget.Release(length);
        }
    }

    public static PushResponse InFlightFull() => PushResponse.Error(
        StatusCodes.Status503ServiceUnavailable, RejectReasons.Label(RejectReason.InFlightLimit),
        "the gateway holds as much data as it may (Mla:Gateway:MaxInFlightBytes); retry later", TimeSpan.FromSeconds(1));

    private PreparedPush Validate(byte[] body, ReadOnlySpan<byte> request, TenantLimits limits)
    {
        var window = SampleWindow.At(time.GetUtcNow(), limits.MaxSampleAge, limits.MaxSampleFutureSkew);
        var prepared = new PreparedPush();
        List<int>? rejectedStarts = null;
        var reader = new WriteRequestReader(request);
        while (reader.TryReadTimeSeries(out var series))
        {
            var check = SeriesValidator.Check(series, limits, window);
            if (check.IsAccepted)
            {
                prepared.AcceptedSeries++;
                prepared.AcceptedSamples += check.Samples;
                continue;
            }

            prepared.RejectedSeries++;
            prepared.Reject(check.Reason, check.Samples);
            (rejectedStarts ??= []).Add(series.FieldStart);
            prepared.FirstRejection ??= RejectionMessage.Describe(series, check, limits);
        }

        var seriesCount = prepared.AcceptedSeries + prepared.RejectedSeries;
        if (seriesCount > limits.MaxSeriesPerRequest)
        {
            var refused = PreparedPush.Failed(StatusCodes.Status400BadRequest, RejectReasons.Label(RejectReason.TooManySeries),
                $"the request has {seriesCount} series, more than the limit of {limits.MaxSeriesPerRequest}; send smaller requests");
            refused.Reject(RejectReason.TooManySeries, prepared.AcceptedSamples + prepared.RejectedSamples);
            return refused;
        }

        if (prepared.AcceptedSeries == 0)
        {
            return prepared;
        }

        if (rejectedStarts is null && body.Length <= _maxRecordBytes)
        {
            prepared.Records = [new PushRecord(body, prepared.AcceptedSamples)];
            return prepared;
        }

        if (!RecordPacker.TryPack(request, rejectedStarts, _maxRecordBytes, out var records))
        {
            var refused = PreparedPush.Failed(StatusCodes.Status413PayloadTooLarge, RejectReasons.Label(RejectReason.SeriesTooLarge),
                $"one series is larger than a Kafka record may be ({_maxRecordBytes} bytes compressed, Mla:Gateway:Kafka:MaxRecordBytes); send fewer samples per series");
            refused.Reject(RejectReason.SeriesTooLarge, prepared.AcceptedSamples + prepared.RejectedSamples);
            return refused;
        }

        prepared.Records = records;
        return prepared;
    }
}
