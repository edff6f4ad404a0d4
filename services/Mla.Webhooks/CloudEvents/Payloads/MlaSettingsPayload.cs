using System.Text.Json;
using Mla.Contracts.Settings;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.mla.settings.changed</c>; <c>id</c> is the cluster id, every limit optional.</summary>
internal static class MlaSettingsPayload
{
    public static ParsedObject Parse(JsonElement data, string path)
    {
        var clusterId = JsonFields.RequireDnsLabel(data, "id", path);
        var monitoring = MonitoringLimits.Defaults;
        if (JsonFields.OptionalObject(data, "monitoring", path) is { } m)
        {
            var p = JsonFields.Join(path, "monitoring");
            monitoring = new MonitoringLimits(
                JsonFields.OptionalNonNegativeInteger(m, "ingestionRate", p),
                JsonFields.OptionalNonNegativeInteger(m, "ingestionBurstSize", p),
                JsonFields.OptionalNonNegativeInteger(m, "maxSeriesPerMetric", p),
                JsonFields.OptionalNonNegativeInteger(m, "maxSeriesTotal", p),
                JsonFields.OptionalNonNegativeInteger(m, "queryRate", p),
                JsonFields.OptionalNonNegativeInteger(m, "queryBurstSize", p),
                JsonFields.OptionalNonNegativeInteger(m, "maxSamplesPerQuery", p),
                JsonFields.OptionalNonNegativeInteger(m, "maxSeriesPerQuery", p));
        }

        var logging = LoggingLimits.Defaults;
        if (JsonFields.OptionalObject(data, "logging", path) is { } l)
        {
            var p = JsonFields.Join(path, "logging");
            logging = new LoggingLimits(
                JsonFields.OptionalNonNegativeInteger(l, "ingestionRate", p),
                JsonFields.OptionalNonNegativeInteger(l, "ingestionBurstSize", p),
                JsonFields.OptionalNonNegativeInteger(l, "queryRate", p),
                JsonFields.OptionalNonNegativeInteger(l, "queryBurstSize", p));
        }

        return new ParsedObject(clusterId, clusterId, Seed: null, ProjectId: null, clusterId, new MlaSettingsState(clusterId, monitoring, logging));
    }
}
