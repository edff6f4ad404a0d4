using System.Text.Json;
using System.Text.RegularExpressions;
using Mla.Contracts.Rules;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.rulegroup.*</c>; a rule group is keyed by cluster and name.</summary>
internal static partial class RuleGroupPayload
{
    public static ParsedObject Parse(JsonElement data, string path, bool deletes)
    {
        var id = JsonFields.RequireString(data, "id", path);
        if (!GroupName().IsMatch(id))
        {
            throw new EventValidationException(
                JsonFields.Join(path, "id"),
                $"'{JsonFields.Truncate(id)}' is not a valid rule group name: letters, digits, '.', '_' and '-', at most 253 characters");
        }

        var clusterId = JsonFields.RequireDnsLabel(data, "clusterId", path);
        var typeText = JsonFields.RequireString(data, "type", path);
        var type = typeText switch
        {
            "Metrics" => RuleGroupType.Metrics,
            "Logs" => RuleGroupType.Logs,
            _ => throw new EventValidationException(
                JsonFields.Join(path, "type"),
                $"'{JsonFields.Truncate(typeText)}' is not a rule group type; expected Metrics or Logs"),
        };
        var yaml = deletes ? JsonFields.OptionalString(data, "yaml", path) ?? string.Empty : JsonFields.RequireString(data, "yaml", path);
        return new ParsedObject(id, $"{clusterId}/{id}", Seed: null, ProjectId: null, clusterId, new RuleGroupState(id, clusterId, type, yaml));
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,252})$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupName();
}
