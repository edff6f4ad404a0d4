using System.Net;
using System.Text.Json.Nodes;

namespace Mla.Grafana.Sync;

/// <summary>How the sync reads Grafana's answers.</summary>
internal static class GrafanaAnswer
{
    /// <summary>The body of a 200; a refusal (4xx, a 500 that is an answer) is a <see cref="GrafanaRejectedException"/> for this project only.</summary>
    public static JsonNode? Expect(HttpStatusCode status, JsonNode? body, string what) =>
        status == HttpStatusCode.OK
            ? body
            : throw new GrafanaRejectedException($"{what}: {(int)status} {body?["message"]?.GetValue<string>()}");
}
