using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Mla.Gateway.Auth;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Observability;
using Mla.Gateway.Tenants;
using Mla.Gateway.Validation;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// One push: authenticate, check headers, read the body within the limits, decode and validate, take the samples
/// from the tenant's rate, produce to Kafka, and answer 204 only once Kafka persisted the records (README.md).
/// A push is logged by the request log at Debug only; a refusal gets a line of its own with the tenant and reason
/// (Warning for 5xx, Information for 4xx), at most one per tenant and reason per <see cref="RefusalLogLimiter"/> window.
/// </summary>
public sealed class PushHandler(
    TenantAuthenticator authenticator,
    PushPreparer preparer,
    TenantRateLimiter rateLimiter,
    InFlightBudget budget,
    IngestionProducer producer,
    GatewayMetrics metrics,
    RefusalLogLimiter refusalLog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<PushHandler> logger)
{
    private const string Unauthenticated = "";
    private readonly int _maxBodyBytes = options.Value.MaxBodyBytes;

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
            metrics.Requests.WithLabels(tenant, "499").Inc(); // the client went away; nothing to answer
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
            // Connection: close (HTTP/1.1) or GOAWAY (HTTP/2) after this answer: the agent's next connection presents its current files.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        if (!auth.Succeeded)
        {
            var reason = auth.Status == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden";
            return (PushResponse.Error(auth.Status, reason, auth.Reason!), Unauthenticated);
        }

        var tenant = auth.Tenant!;
        var headerProblem = RemoteWriteHeaders.Check(request.ContentType, request.Headers.ContentEncoding);
        if (headerProblem is not null)
        {
            return (PushResponse.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", headerProblem), tenant.Id);
        }

        var receivedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var read = await PushBodyReader.ReadAsync(context, _maxBodyBytes, budget);
        if (read.Failure is not null)
        {
            return (read.Failure, tenant.Id);
        }

        var reserved = read.Reserved;
        try
        {
            metrics.ReceivedBytes.WithLabels(tenant.Id).Inc(read.Body!.Length);
            var prepared = preparer.Prepare(read.Body, tenant);
            var (response, settled) = await ProduceAsync(prepared, tenant, receivedAt);
            if (!settled.IsCompleted)
            {
                // librdkafka still holds the records: their bytes stay reserved until it lets go.
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

    private async Task<(PushResponse Response, Task Settled)> ProduceAsync(PreparedPush prepared, Tenant tenant, long receivedAt)
    {
        CountSeries(prepared, tenant.Id);
        if (prepared.Failure is not null)
        {
            CountRejected(prepared, tenant.Id);
            return (prepared.Failure, Task.CompletedTask);
        }

        if (prepared.Records.Count > 0)
        {
            var decision = rateLimiter.TryTake(tenant.Id, tenant.Limits, prepared.AcceptedSamples);
            if (!decision.IsAllowed)
            {
                prepared.Reject(RejectReason.RateLimited, prepared.AcceptedSamples);
                CountRejected(prepared, tenant.Id);
                return (RateLimited(prepared, tenant, decision), Task.CompletedTask);
            }

            var outcome = await producer.ProduceAsync(tenant.Id, prepared.Records, receivedAt, TraceParent());
            if (!outcome.Persisted)
            {
                rateLimiter.Return(tenant.Id, tenant.Limits, prepared.AcceptedSamples);
                prepared.Reject(RejectReason.KafkaUnavailable, prepared.AcceptedSamples);
                CountRejected(prepared, tenant.Id);
                return (PushResponse.Error(StatusCodes.Status503ServiceUnavailable, RejectReasons.Label(RejectReason.KafkaUnavailable),
                    $"{outcome.Failure}; retry later", TimeSpan.FromSeconds(1)), outcome.Settled);
            }
        }

        metrics.Samples.WithLabels(tenant.Id, "accepted").Inc(prepared.AcceptedSamples);
        CountRejected(prepared, tenant.Id);
        if (prepared.RejectedSeries == 0)
        {
            return (PushResponse.Accepted, Task.CompletedTask);
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"accepted {prepared.AcceptedSeries} series, rejected {prepared.RejectedSeries} series ({prepared.RejectedSamples} samples); first rejected: {prepared.FirstRejection}");
        return (PushResponse.Error(StatusCodes.Status400BadRequest, "series_rejected", message), Task.CompletedTask);
    }

    /// <summary>One line per refusal, with the tenant ("" before authentication), the reason and the client's address.</summary>
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
            "Push of tenant {Tenant} from {RemoteAddress} refused with {Status} ({RefusalReason}): {Message} ({Suppressed} more like it not logged since the previous such line; at most one per {WindowSeconds} s)",
            tenant, context.Connection.RemoteIpAddress, response.Status, reason, response.Message, suppressed, refusalLog.Window.TotalSeconds);
    }

    private static PushResponse RateLimited(PreparedPush prepared, Tenant tenant, RateDecision decision)
    {
        var limits = tenant.Limits;
        var message = decision.IsNeverAllowed
            ? $"the request has {prepared.AcceptedSamples} samples, more than the burst of {limits.IngestionBurstSize} samples: it can never pass; send smaller requests"
            : $"tenant '{tenant.Id}' is over its rate of {limits.IngestionRate} samples/s (burst {limits.IngestionBurstSize}); {prepared.AcceptedSamples} samples refused, retry later";
        return PushResponse.Error(StatusCodes.Status429TooManyRequests, RejectReasons.Label(RejectReason.RateLimited), message,
            decision.IsNeverAllowed ? null : decision.RetryAfter);
    }

    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    private void CountSeries(PreparedPush prepared, string tenant)
    {
        if (prepared.AcceptedSeries > 0)
        {
            metrics.Series.WithLabels(tenant, "accepted").Inc(prepared.AcceptedSeries);
        }

        if (prepared.RejectedSeries > 0)
        {
            metrics.Series.WithLabels(tenant, "rejected").Inc(prepared.RejectedSeries);
        }
    }

    private void CountRejected(PreparedPush prepared, string tenant)
    {
        foreach (var (reason, samples) in prepared.RejectedByReason())
        {
            metrics.SamplesRejected.WithLabels(tenant, RejectReasons.Label(reason)).Inc(samples);
            metrics.Samples.WithLabels(tenant, "rejected").Inc(samples);
        }
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
