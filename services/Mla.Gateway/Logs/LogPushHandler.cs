using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Mla.Gateway.Auth;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Observability;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Logs;

/// <summary>
/// One Loki push: authenticate (client certificate or token, never a header unless <c>TrustTenantHeader</c>), check
/// the headers, read the body within the limits, decode and validate (partial acceptance), take the bytes from the
/// tenant's logs rate, produce to the logs topic, and answer 204 only once Kafka persisted the records — the same
/// steps and guarantees as <see cref="PushHandler"/>, with its authenticator, body reader, in-flight budget and producer.
/// </summary>
public sealed class LogPushHandler(
    TenantAuthenticator authenticator,
    LogRateLimiter rateLimiter,
    InFlightBudget budget,
    IngestionProducer producer,
    GatewayMetrics metrics,
    RefusalLogLimiter refusalLog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<LogPushHandler> logger)
{
    private const string Unauthenticated = "";
    private readonly int _maxBodyBytes = options.Value.MaxBodyBytes;
    private readonly int _maxDecompressedBytes = options.Value.MaxDecompressedBytes;
    private readonly int _maxRecordBytes = options.Value.Kafka.MaxRecordBytes;

    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var tenant = Unauthenticated;
        try
        {
            PushResponse response;
            (response, tenant) = await ProcessAsync(context);
            Count(tenant, response, started);
            LogRefusal(context, tenant, response);
            await response.WriteAsync(context.Response);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            metrics.Requests.WithLabels(tenant, "499").Inc();
        }
        finally
        {
            metrics.InFlightBytes.Set(budget.Used);
        }
    }

    private async Task<(PushResponse Response, string Tenant)> ProcessAsync(HttpContext context)
    {
        var request = context.Request;
        var tenantHeader = request.Headers[TenantAuthenticator.TenantHeader].ToString();
        var auth = authenticator.Authenticate(
            context.Connection.ClientCertificate, request.Headers.Authorization.ToString(), tenantHeader.Length == 0 ? null : tenantHeader);
        if (auth.ReconnectWithNewCertificate)
        {
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        if (!auth.Succeeded)
        {
            var reason = auth.Status == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden";
            return (PushResponse.Error(auth.Status, reason, auth.Reason!), Unauthenticated);
        }

        var tenant = auth.Tenant!;
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var headerProblem = LogBodyDecoder.CheckHeaders(request.ContentType, contentEncoding);
        if (headerProblem is not null)
        {
            return (headerProblem, tenant.Id);
        }

        var receivedAt = time.GetUtcNow();
        var read = await PushBodyReader.ReadAsync(context, _maxBodyBytes, budget);
        if (read.Failure is not null)
        {
            return (read.Failure, tenant.Id);
        }

        var reserved = read.Reserved;
        try
        {
            metrics.ReceivedBytes.WithLabels(tenant.Id).Inc(read.Body!.Length);
            var decoded = LogBodyDecoder.Decode(request.ContentType!, contentEncoding, read.Body, _maxDecompressedBytes, budget);
            if (decoded.Failure is not null)
            {
                return (decoded.Failure, tenant.Id);
            }

            var validated = LogValidator.Validate(decoded.Streams!, tenant.Limits, receivedAt);
            var (response, settled) = await ProduceAsync(validated, decoded.IsProtobuf ? read.Body : null, tenant, receivedAt.ToUnixTimeMilliseconds());
            if (!settled.IsCompleted)
            {
                var handedOver = reserved;
                reserved = 0;
                _ = settled.ContinueWith(_ => budget.Release(handedOver), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return (response, tenant.Id);
        }
        finally
        {
            budget.Release(reserved);
        }
    }

    // protobufBody: the original snappy body when it came as protobuf; it becomes the record as it is when nothing changed.
    private async Task<(PushResponse Response, Task Settled)> ProduceAsync(ValidatedLogs validated, byte[]? protobufBody, Tenant tenant, long receivedAtMs)
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
                return (PushResponse.Error(StatusCodes.Status413PayloadTooLarge, LogRejectReasons.EntryTooLarge,
                    $"one entry is larger than a Kafka record may be ({_maxRecordBytes} bytes compressed, Mla:Gateway:Kafka:MaxRecordBytes)"), Task.CompletedTask);
            }

            var limits = tenant.Limits.Logs;
            var bytes = (int)Math.Min(validated.AcceptedBytes, int.MaxValue);
            var decision = rateLimiter.TryTake(tenant.Id, limits, bytes);
            if (!decision.IsAllowed)
            {
                Reject(tenant.Id, LogRejectReasons.RateLimited, validated.AcceptedEntries);
                return (RateLimited(validated, tenant, decision), Task.CompletedTask);
            }

            var outcome = await producer.ProduceAsync(producer.Logs, tenant.Id, records, receivedAtMs, TraceParent());
            if (!outcome.Persisted)
            {
                rateLimiter.Return(tenant.Id, limits, bytes);
                Reject(tenant.Id, LogRejectReasons.KafkaUnavailable, validated.AcceptedEntries);
                return (PushResponse.Error(StatusCodes.Status503ServiceUnavailable, LogRejectReasons.KafkaUnavailable,
                    $"{outcome.Failure}; retry later", TimeSpan.FromSeconds(1)), outcome.Settled);
            }

            metrics.LogEntries.WithLabels(tenant.Id, "accepted").Inc(validated.AcceptedEntries);
            metrics.LogBytes.WithLabels(tenant.Id).Inc(validated.AcceptedBytes);
        }

        if (validated.RejectedEntries == 0)
        {
            return (PushResponse.Accepted, Task.CompletedTask);
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"accepted {validated.AcceptedEntries} entries, rejected {validated.RejectedEntries} entries ({validated.RejectedStreams} whole streams); first rejected: {validated.FirstRejection}");
        return (PushResponse.Error(StatusCodes.Status400BadRequest, "entries_rejected", message), Task.CompletedTask);
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

    private void LogRefusal(HttpContext context, string tenant, PushResponse response)
    {
        if (response.Reason is not { } reason || !refusalLog.ShouldWrite(tenant, reason, out var suppressed))
        {
            return;
        }

        var level = response.Status >= StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Information;
        if (!logger.IsEnabled(level))
        {
            return;
        }

        logger.Log(
            level,
            "Log push of tenant {Tenant} from {RemoteAddress} refused with {Status} ({RefusalReason}): {Message} ({Suppressed} more like it not logged since the previous such line; at most one per {WindowSeconds} s)",
            tenant, context.Connection.RemoteIpAddress, response.Status, reason, response.Message, suppressed, refusalLog.Window.TotalSeconds);
    }

    private void Count(string tenant, PushResponse response, long started)
    {
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        metrics.Requests.WithLabels(tenant, status).Inc();
        metrics.RequestDuration.WithLabels(status).Observe(time.GetElapsedTime(started).TotalSeconds);
        if (response.Reason is not null)
        {
            metrics.RequestsRejected.WithLabels(tenant, response.Reason).Inc();
        }
    }
}
