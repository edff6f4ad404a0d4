namespace Mla.Webhooks.Resync;

/// <summary>
/// One resync as the catalog database holds it, and as <c>GET /api/v1/resync/{id}</c> shows it on any replica:
/// which replica runs it (<paramref name="Runner"/>), its progress as last reported (<paramref name="UpdatedAt"/>).
/// </summary>
public sealed record ResyncRun(
    string Id,
    string Trigger,
    ResyncState State,
    string Runner,
    int Total,
    int Published,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
