using Mla.Hosting.Access;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// <c>POST /api/v1/agents/rollouts</c> (operator) starts a rollout (400 naming the field, 409 naming the active one);
/// <c>GET …/rollouts</c> and <c>GET …/rollouts/{id}</c> (viewer) show progress per wave and cluster;
/// <c>POST …/{id}/pause|resume|abort</c> (operator).
/// </summary>
internal static class RolloutEndpoints
{
    public const string ListRoute = "/api/v1/agents/rollouts";

    public static IEndpointRouteBuilder MapRolloutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ListRoute, async (
            RolloutRequest? request, RolloutCommands commands, Microsoft.Extensions.Options.IOptions<ExportersOptions> options, RolloutHealthSource health, CancellationToken cancellationToken) =>
        {
            if (request is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad rollout", detail: "a JSON body is required");
            }

            var errors = RolloutValidation.Validate(request, options.Value, health.Available);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "Bad rollout", detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }

            var (rollout, created) = await commands.CreateAsync(request, cancellationToken);
            if (!created)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "A rollout of this component is running",
                    detail: $"rollout {rollout.Id} of {rollout.Component} to {rollout.Image} is {rollout.State} ({rollout.Percent}%); pause, finish or abort it first",
                    extensions: new Dictionary<string, object?> { ["id"] = rollout.Id, ["location"] = Path(rollout.Id) });
            }

            return Results.Created(Path(rollout.Id), System.Text.Json.JsonSerializer.SerializeToElement(rollout, RolloutStore.Json));
        }).RequireOperator();

        endpoints.MapGet(ListRoute, async (RolloutStore store, CancellationToken cancellationToken) =>
        {
            var items = (await store.ListAsync(cancellationToken)).OrderByDescending(r => r.CreatedAt).ToList();
            return Results.Json(new { items }, RolloutStore.Json);
        }).RequireViewer();

        endpoints.MapGet(ListRoute + "/{id}", async (string id, RolloutStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } rollout
                ? Results.Json(rollout, RolloutStore.Json)
                : NotFound(id)).RequireViewer();

        endpoints.MapPost(ListRoute + "/{id}/pause", (string id, RolloutCommands commands, CancellationToken cancellationToken) =>
            Answer(commands.PauseAsync(id, cancellationToken))).RequireOperator();
        endpoints.MapPost(ListRoute + "/{id}/resume", (string id, RolloutCommands commands, CancellationToken cancellationToken) =>
            Answer(commands.ResumeAsync(id, cancellationToken))).RequireOperator();
        endpoints.MapPost(ListRoute + "/{id}/abort", (string id, RolloutCommands commands, CancellationToken cancellationToken) =>
            Answer(commands.AbortAsync(id, cancellationToken))).RequireOperator();
        return endpoints;
    }

    public static string Path(string id) => $"{ListRoute}/{id}";

    private static async Task<IResult> Answer(Task<RolloutChange> change) => await change switch
    {
        { Outcome: RolloutChangeOutcome.Changed, Rollout: { } rollout } => Results.Json(rollout, RolloutStore.Json),
        { Outcome: RolloutChangeOutcome.NotFound, Problem: var problem } => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rollout not found", detail: problem),
        var refused => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: refused.Problem),
    };

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rollout not found", detail: $"no rollout '{id}'");
}
