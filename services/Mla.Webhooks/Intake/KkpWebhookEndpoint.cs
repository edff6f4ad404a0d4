using System.Buffers;
using System.Net.Http.Headers;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.Publishing;
using Mla.Webhooks.Signatures;
using Microsoft.Extensions.Options;

namespace Mla.Webhooks.Intake;

/// <summary><c>POST /api/v1/webhooks/kkp</c>: CloudEvents from KKP, signed with HMAC-SHA256 (docs/webhooks.md).</summary>
public static class KkpWebhookEndpoint
{
    public const string Route = "/api/v1/webhooks/kkp";
    public const string SingleMediaType = "application/cloudevents+json";
    public const string BatchMediaType = "application/cloudevents-batch+json";
    private const int InitialBufferBytes = 64 * 1024;

    internal static async Task<IResult> HandleAsync(
        HttpContext context,
        EventIntake intake,
        WebhookSecret secret,
        WebhookMetrics metrics,
        IOptions<WebhooksOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Mla.Webhooks.Intake");
        var limits = options.Value;
        if (!TryReadMediaType(context.Request.ContentType, out var batch))
        {
            metrics.Rejected.WithLabels("unsupported_media_type").Inc();
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; send {SingleMediaType} or {BatchMediaType}", "Content-Type");
        }

        var body = await ReadBodyAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            metrics.Rejected.WithLabels("too_large").Inc();
            logger.LogWarning("Rejected a webhook body over the limit of {MaxBodyBytes} bytes", limits.MaxBodyBytes);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"the body is larger than Mla:Webhooks:MaxBodyBytes = {limits.MaxBodyBytes} bytes", "body");
        }

        var signature = WebhookSignature.Verify(body, context.Request.Headers[WebhookSignature.HeaderName], secret.Key);
        if (signature != SignatureCheck.Valid)
        {
            metrics.Rejected.WithLabels("signature").Inc();
            logger.LogWarning("Rejected a webhook from {RemoteAddress}: signature {SignatureCheck}", context.Connection.RemoteIpAddress, signature);
            var detail = signature switch
            {
                SignatureCheck.Missing => $"header {WebhookSignature.HeaderName} is missing",
                SignatureCheck.Malformed => $"header {WebhookSignature.HeaderName} must be sha256=<64 hex digits>",
                _ => $"header {WebhookSignature.HeaderName} does not match the body",
            };
            return Problem(StatusCodes.Status401Unauthorized, "Invalid signature", detail, WebhookSignature.HeaderName);
        }

        IReadOnlyList<Catalog.CatalogEntry> entries;
        try
        {
            entries = KkpEventParser.Parse(body, batch, limits.MaxEventsPerBatch);
        }
        catch (EventValidationException ex)
        {
            metrics.Rejected.WithLabels("invalid").Inc();
            logger.LogWarning("Rejected an invalid webhook: {Field} {Detail}", ex.Field, ex.Detail);
            return Problem(StatusCodes.Status400BadRequest, "Invalid event", $"{ex.Field} {ex.Detail}", ex.Field);
        }

        try
        {
            var result = await intake.ProcessAsync(entries, context.RequestAborted);
            return Results.Json(new { accepted = result.Accepted, duplicates = result.Duplicates, stale = result.Stale }, statusCode: StatusCodes.Status202Accepted);
        }
        catch (BusUnavailableException ex)
        {
            metrics.Rejected.WithLabels("bus_unavailable").Inc();
            logger.LogWarning("Answered 503 to a webhook with {Events} events: {Reason}", entries.Count, ex.Message);
            context.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Message bus unavailable", $"{ex.Message}; retry later", field: null);
        }
    }

    private static bool TryReadMediaType(string? contentType, out bool batch)
    {
        batch = false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        batch = string.Equals(parsed.MediaType, BatchMediaType, StringComparison.OrdinalIgnoreCase);
        return batch || string.Equals(parsed.MediaType, SingleMediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the raw body (the signature covers exactly these bytes); null when it exceeds the limit, whether the
    /// Content-Length says so or a chunked body grows past it. An empty body is returned as such (the parser answers
    /// 400 for it). The header only sizes the first buffer, bounded on both sides: it is the sender's claim.
    /// </summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (request.ContentLength == 0)
        {
            return [];
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? InitialBufferBytes, 1, Math.Min(limit, InitialBufferBytes)));
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static IResult Problem(int status, string title, string detail, string? field) =>
        Results.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
