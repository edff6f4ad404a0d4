using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Observability;
using Mla.Gateway.Push;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Logs;

/// <summary>
/// The Loki push inside the one <see cref="PushPipeline"/> (authentication, body, in-flight budget, counting, refusal
/// log): the Loki content types, then decode within <c>MaxDecompressedBytes</c> and validate (partial acceptance),
/// take the bytes from the tenant's logs rate, produce to the logs topic; 204 only once Kafka persisted the records.
/// </summary>
public sealed class LogPushHandler(
    PushPipeline pipeline,
    LogRateLimiter rateLimiter,
    InFlightBudget budget,
    IngestionProducer producer,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options) : IPushSignal
{
    private readonly int _maxDecompressedBytes = options.Value.MaxDecompressedBytes;
    private readonly int _maxRecordBytes = options.Value.Kafka.MaxRecordBytes;

    public string Subject => "Log push";

    public Task HandleAsync(HttpContext context) => pipeline.HandleAsync(context, this);

    public PushResponse? CheckHeaders(HttpRequest request) =>
        LogBodyDecoder.CheckHeaders(request.ContentType, request.Headers.ContentEncoding.ToString());

    public Task<SignalOutcome> ProcessAsync(HttpRequest request, byte[] body, Tenant tenant, DateTimeOffset receivedAt)
    {
        var decoded = LogBodyDecoder.Decode(request.ContentType!, request.Headers.ContentEncoding.ToString(), body, _maxDecompressedBytes, budget);
        if (decoded.Failure is not null)
        {
            return Task.FromResult(SignalOutcome.Done(decoded.Failure));
        }

        var validated = LogValidator.Validate(decoded.Streams!, tenant.Limits, receivedAt);
        return ProduceAsync(validated, decoded.IsProtobuf ? body : null, tenant, receivedAt.ToUnixTimeMilliseconds());
    }

    // protobufBody: the original snappy body when it came as protobuf; it becomes the record as it is when nothing changed.
    private async Task<SignalOutcome> ProduceAsync(ValidatedLogs validated, byte[]? protobufBody, Tenant tenant, long receivedAtMs)
    {
        CountRejected(validated.RejectedByReason, tenant.Id);
        if (validated.AcceptedEntries > 0)
        {
            List<PushRecord> records;
            if (protobufBody is not null && validated.Unchanged && protobufBody.Length <= _maxRecordBytes)
            {
                records = [new PushRecord(protobufBody, validated.AcceptedEntries)];
            }
            else if (!LogRecordPacker.TryPack(validated.Accepted, _maxRecordBytes, out records))
            {
                Reject(tenant.Id, LogRejectReasons.EntryTooLarge, validated.AcceptedEntries);
                return SignalOutcome.Done(PushResponse.Error(StatusCodes.Status413PayloadTooLarge, LogRejectReasons.EntryTooLarge,
                    $"one entry is larger than a Kafka record may be ({_maxRecordBytes} bytes compressed, Mla:Gateway:Kafka:MaxRecordBytes)"));
            }

            var limits = tenant.Limits.Logs;
            var bytes = (int)Math.Min(validated.AcceptedBytes, int.MaxValue);
            var decision = rateLimiter.TryTake(tenant.Id, limits, bytes);
            if (!decision.IsAllowed)
            {
                Reject(tenant.Id, LogRejectReasons.RateLimited, validated.AcceptedEntries);
                return SignalOutcome.Done(RateLimited(validated, tenant, decision));
            }

            var outcome = await producer.ProduceAsync(producer.Logs, tenant.Id, records, receivedAtMs, TraceParent());
            if (!outcome.Persisted)
            {
                rateLimiter.Return(tenant.Id, limits, bytes);
                Reject(tenant.Id, LogRejectReasons.KafkaUnavailable, validated.AcceptedEntries);
                return new SignalOutcome(PushResponse.Error(StatusCodes.Status503ServiceUnavailable, LogRejectReasons.KafkaUnavailable,
                    $"{outcome.Failure}; retry later", TimeSpan.FromSeconds(1)), outcome.Settled);
            }

            metrics.LogEntries.WithLabels(tenant.Id, "accepted").Inc(validated.AcceptedEntries);
            metrics.LogBytes.WithLabels(tenant.Id).Inc(validated.AcceptedBytes);
        }

        if (validated.RejectedEntries == 0)
        {
            return SignalOutcome.Done(PushResponse.Accepted);
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"accepted {validated.AcceptedEntries} entries, rejected {validated.RejectedEntries} entries ({validated.RejectedStreams} whole streams); first rejected: {validated.FirstRejection}");
        return SignalOutcome.Done(PushResponse.Error(StatusCodes.Status400BadRequest, "entries_rejected", message));
    }

    private static PushResponse RateLimited(ValidatedLogs validated, Tenant tenant, RateDecision decision)
    {
        var limits = tenant.Limits.Logs;
        var message = decision.IsNeverAllowed
            ? $"ingestion rate limit exceeded for tenant '{tenant.Id}': the request's {validated.AcceptedEntries} lines totaling {validated.AcceptedBytes} bytes are more than the burst of {limits.IngestionBurstBytes} bytes; send smaller requests"
            : $"ingestion rate limit exceeded for tenant '{tenant.Id}' (limit: {limits.IngestionRateBytes:0} bytes/sec, burst {limits.IngestionBurstBytes} bytes) while attempting to ingest {validated.AcceptedEntries} lines totaling {validated.AcceptedBytes} bytes; retry later";
        return PushResponse.Error(StatusCodes.Status429TooManyRequests, LogRejectReasons.RateLimited, message, decision.IsNeverAllowed ? null : decision.RetryAfter);
    }

    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    private void Reject(string tenant, string reason, int entries)
    {
        metrics.LogEntriesRejected.WithLabels(tenant, reason).Inc(entries);
        metrics.LogEntries.WithLabels(tenant, "rejected").Inc(entries);
    }

    private void CountRejected(IReadOnlyDictionary<string, int> byReason, string tenant)
    {
        foreach (var (reason, entries) in byReason)
        {
            Reject(tenant, reason, entries);
        }
    }
}
