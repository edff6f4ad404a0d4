using System.Diagnostics;
using System.Globalization;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Observability;
using Mla.Gateway.Push;
using Mla.Gateway.Tenants;
using Mla.Gateway.Validation;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// Remote write inside the one <see cref="PushPipeline"/> (authentication, body, in-flight budget, counting, refusal
/// log): the remote-write headers, then decode and validate (<see cref="PushPreparer"/>), take the samples from the
/// tenant's rate, produce to the metrics topic; 204 only once Kafka persisted the records (README.md).
/// </summary>
public sealed class PushHandler(
    PushPipeline pipeline,
    PushPreparer preparer,
    TenantRateLimiter rateLimiter,
    IngestionProducer producer,
    GatewayMetrics metrics) : IPushSignal
{
    public string Subject => "Push";

    public Task HandleAsync(HttpContext context) => pipeline.HandleAsync(context, this);

    public PushResponse? CheckHeaders(HttpRequest request) =>
        RemoteWriteHeaders.Check(request.ContentType, request.Headers.ContentEncoding) is { } problem
            ? PushResponse.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", problem)
            : null;

    public Task<SignalOutcome> ProcessAsync(HttpRequest request, byte[] body, Tenant tenant, DateTimeOffset receivedAt) =>
        ProduceAsync(preparer.Prepare(body, tenant), tenant, receivedAt.ToUnixTimeMilliseconds());

    private async Task<SignalOutcome> ProduceAsync(PreparedPush prepared, Tenant tenant, long receivedAt)
    {
        CountSeries(prepared, tenant.Id);
        if (prepared.Failure is not null)
        {
            CountRejected(prepared, tenant.Id);
            return SignalOutcome.Done(prepared.Failure);
        }

        if (prepared.Records.Count > 0)
        {
            var decision = rateLimiter.TryTake(tenant.Id, tenant.Limits, prepared.AcceptedSamples);
            if (!decision.IsAllowed)
            {
                prepared.Reject(RejectReason.RateLimited, prepared.AcceptedSamples);
                CountRejected(prepared, tenant.Id);
                return SignalOutcome.Done(RateLimited(prepared, tenant, decision));
            }

            var outcome = await producer.ProduceAsync(tenant.Id, prepared.Records, receivedAt, TraceParent());
            if (!outcome.Persisted)
            {
                rateLimiter.Return(tenant.Id, tenant.Limits, prepared.AcceptedSamples);
                prepared.Reject(RejectReason.KafkaUnavailable, prepared.AcceptedSamples);
                CountRejected(prepared, tenant.Id);
                return new SignalOutcome(PushResponse.Error(StatusCodes.Status503ServiceUnavailable, RejectReasons.Label(RejectReason.KafkaUnavailable),
                    $"{outcome.Failure}; retry later", TimeSpan.FromSeconds(1)), outcome.Settled);
            }
        }

        metrics.Samples.WithLabels(tenant.Id, "accepted").Inc(prepared.AcceptedSamples);
        CountRejected(prepared, tenant.Id);
        if (prepared.RejectedSeries == 0)
        {
            return SignalOutcome.Done(PushResponse.Accepted);
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"accepted {prepared.AcceptedSeries} series, rejected {prepared.RejectedSeries} series ({prepared.RejectedSamples} samples); first rejected: {prepared.FirstRejection}");
        return SignalOutcome.Done(PushResponse.Error(StatusCodes.Status400BadRequest, "series_rejected", message));
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
}
