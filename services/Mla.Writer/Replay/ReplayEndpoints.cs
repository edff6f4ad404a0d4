using Mla.Hosting.Access;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mla.Writer.Replay;

/// <summary><c>POST /api/v1/replay</c> starts a per-tenant replay; <c>GET /api/v1/replay/{id}</c> shows its progress.</summary>
internal static partial class ReplayEndpoints
{
    public const string Route = "/api/v1/replay";

    public static IEndpointRouteBuilder MapReplayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, StartAsync).RequireOperator();
        endpoints.MapGet(Route + "/{id}", (string id, ReplayCoordinator coordinator) =>
            coordinator.Find(id) is { } run
                ? Results.Ok(View(run))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Replay not found", detail: $"no replay '{id}'"))
            .RequireViewer();
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, ReplayCoordinator coordinator)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Invalid("body", $"is not JSON: {ex.Message}");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("body", "must be a JSON object with tenant, from, to and optionally sink");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var tenant = Text(body, "tenant");
        if (string.IsNullOrWhiteSpace(tenant))
        {
            errors["tenant"] = ["is required"];
        }

        var from = Time(body, "from", errors);
        var to = Time(body, "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors["to"] = ["must not be before from"];
        }

        var sink = Text(body, "sink");
        var enabled = coordinator.Sinks.Keys.ToList();
        if (sink is null)
        {
            if (enabled.Count == 1)
            {
                sink = enabled[0];
            }
            else
            {
                errors["sink"] = [enabled.Count == 0 ? "no sink is enabled" : $"is required when several sinks are enabled ({string.Join(", ", enabled)})"];
            }
        }
        else if (!coordinator.Sinks.ContainsKey(sink))
        {
            errors["sink"] = [$"'{sink}' is not an enabled sink ({string.Join(", ", enabled)})"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid replay request");
        }

        var start = coordinator.Start(new ReplayRequest(tenant!, from!.Value, to!.Value, sink!));
        return start switch
        {
            { Outcome: ReplayStartOutcome.Started, Run: { } run } => Results.Accepted($"{Route}/{run.Id}", new { id = run.Id, status = $"{Route}/{run.Id}" }),
            { Outcome: ReplayStartOutcome.TenantBusy, Run: { } running } => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A replay of this tenant is running",
                detail: start.Reason,
                extensions: new Dictionary<string, object?> { ["runningId"] = running.Id, ["status"] = $"{Route}/{running.Id}" }),
            _ => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many replays running", detail: start.Reason),
        };
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid replay request");

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        var text = Text(body, name);
        if (text is null)
        {
            errors[name] = ["is required (RFC 3339, e.g. 2026-01-02T15:04:05Z)"];
            return null;
        }

        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            errors[name] = [$"'{text}' is not an RFC 3339 time (e.g. 2026-01-02T15:04:05Z)"];
            return null;
        }

        return parsed;
    }

    private static object View(ReplayRun run) => new
    {
        id = run.Id,
        state = run.State.ToString(),
        tenant = run.Request.Tenant,
        from = run.Request.From,
        to = run.Request.To,
        sink = run.Request.Sink,
        partitionsTotal = run.PartitionsTotal,
        partitionsDone = run.PartitionsDone,
        recordsScanned = run.RecordsScanned,
        recordsMatched = run.RecordsMatched,
        recordsWritten = run.RecordsWritten,
        recordsDeadLettered = run.RecordsDeadLettered,
        recordsDropped = run.RecordsDropped,
        retries = run.Retries,
        errorCount = run.ErrorCount,
        errors = run.Errors,
        startedAt = run.StartedAt,
        finishedAt = run.FinishedAt,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
