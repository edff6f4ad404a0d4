using System.Buffers;
using System.Text.Json;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// Copies a store's successful answer to the caller while counting its series and points (<see cref="AnswerMeter"/>).
/// Up to <see cref="ReadPathOptions.MaxHeldAnswerBytes"/> the answer is held back, so that one over a limit is refused
/// with 422 and the reason; a larger one is streamed on while counting, and if it then goes over a limit the connection
/// is aborted: the caller never gets a complete answer over its limit, and memory stays bounded.
/// </summary>
public sealed class MeteredAnswer(ReadPathMetrics metrics, ILogger<MeteredAnswer> logger)
{
    private const int PieceBytes = 64 * 1024;

    public async Task CopyAsync(HttpResponseMessage response, HttpContext context, ReadCaller caller, ReadLimits limits, int maxHeldBytes, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            await ReadStoreClient.CopyAsync(response, context, cancellationToken);
            return;
        }

        var meter = new AnswerMeter(maxHeldBytes);
        var piece = ArrayPool<byte>.Shared.Rent(PieceBytes);
        var held = new MemoryStream();
        var streaming = false;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await body.ReadAsync(piece.AsMemory(0, PieceBytes), cancellationToken)) > 0)
            {
                try
                {
                    meter.Feed(piece.AsSpan(0, read));
                }
                catch (JsonException ex)
                {
                    logger.LogWarning("Read of {Caller} at {Path}: the store's answer is not countable JSON ({Reason})", caller.Name, context.Request.Path.Value, ex.Message);
                    await FailAsync(context, streaming, StatusCodes.Status502BadGateway, "Store answer not understood", "the store's answer is not Prometheus API JSON");
                    return;
                }

                if (Exceeded(meter, limits, caller) is { } exceeded)
                {
                    metrics.QueriesRefused.WithLabels(exceeded.Limit, streaming ? "cut" : "refused").Inc();
                    logger.LogWarning("Read of {Caller} at {Path}: {Reason}", caller.Name, context.Request.Path.Value, exceeded.Reason);
                    if (streaming)
                    {
                        context.Abort();
                        return;
                    }

                    context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    await context.Response.WriteAsJsonAsync(PrometheusError.Execution(exceeded.Reason), cancellationToken);
                    return;
                }

                if (streaming)
                {
                    await context.Response.Body.WriteAsync(piece.AsMemory(0, read), cancellationToken);
                    continue;
                }

                held.Write(piece, 0, read);
                if (held.Length >= maxHeldBytes)
                {
                    await StartAsync(response, context, held, cancellationToken);
                    held = new MemoryStream();
                    streaming = true;
                }
            }

            if (!streaming)
            {
                await StartAsync(response, context, held, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
            await held.DisposeAsync();
        }
    }

    /// <summary>The limit an answer went over, with the reason naming the caller and the limit; null within its limits.</summary>
    public static (string Limit, string Reason)? Exceeded(AnswerMeter meter, ReadLimits limits, ReadCaller caller)
    {
        if (meter.Series > limits.MaxSeriesPerQuery)
        {
            return ("series", $"per-tenant query limit exceeded for {caller.Name}: the answer has more than {limits.MaxSeriesPerQuery} series (series per query); select fewer series");
        }

        if (meter.Points > limits.MaxSamplesPerQuery)
        {
            return ("samples", $"per-tenant query limit exceeded for {caller.Name}: the answer has more than {limits.MaxSamplesPerQuery} samples (samples per query); select fewer series, a shorter range or a larger step");
        }

        return null;
    }

    private static async Task StartAsync(HttpResponseMessage response, HttpContext context, MemoryStream held, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await context.Response.Body.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken);
    }

    private static async Task FailAsync(HttpContext context, bool streaming, int status, string title, string detail)
    {
        if (streaming)
        {
            context.Abort();
            return;
        }

        await ReadPipeline.Problem(context, status, title, detail);
    }
}
