using System.Text.Json;
using Mla.Contracts.Alertmanager;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.alertmanager.*</c>; <c>id</c> is the cluster id.</summary>
internal static class AlertmanagerPayload
{
    public static ParsedObject Parse(JsonElement data, string path, bool deletes)
    {
        var clusterId = JsonFields.RequireDnsLabel(data, "id", path);
        var yaml = deletes ? JsonFields.OptionalString(data, "yaml", path) ?? string.Empty : JsonFields.RequireString(data, "yaml", path);
        return new ParsedObject(clusterId, clusterId, Seed: null, ProjectId: null, clusterId, new AlertmanagerConfigState(clusterId, yaml));
    }
}
