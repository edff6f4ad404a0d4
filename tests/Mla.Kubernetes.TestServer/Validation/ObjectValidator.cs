using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Selectors;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Validation;

/// <summary>The validation rules of the API server that tests rely on: names, labels, workload selectors, containers.</summary>
public static class ObjectValidator
{
    private static readonly HashSet<string> LabelNamedKinds = ["Namespace", "Service"];
    private static readonly HashSet<string> PathSegmentKinds = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
    private static readonly HashSet<string> WorkloadKinds = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"];

    public static IReadOnlyList<FieldCause> Validate(ResourceKind kind, JsonObject obj)
    {
        var causes = new List<FieldCause>();
        ValidateName(kind, Json.Name(obj), causes);
        foreach (var (key, value) in Json.Labels(obj))
        {
            if (!LabelSyntax.IsKey(key))
            {
                causes.Add(FieldCause.Invalid("metadata.labels", Quote(key), "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
            }
            if (!LabelSyntax.IsValue(value))
            {
                causes.Add(FieldCause.Invalid("metadata.labels", Quote(value), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        }
        foreach (var key in Json.StringMap(Json.At(obj, "metadata", "annotations")).Keys)
        {
            if (!LabelSyntax.IsKey(key))
            {
                causes.Add(FieldCause.Invalid("metadata.annotations", Quote(key), "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
            }
        }
        if (kind.Group == "apps" && WorkloadKinds.Contains(kind.Kind))
        {
            ValidateWorkload(obj, causes);
        }
        if (kind.Group.Length == 0 && kind.Kind == "Pod")
        {
            ValidateContainers(Json.At(obj, "spec", "containers"), "spec.containers", causes);
        }
        return causes;
    }

    private static void ValidateName(ResourceKind kind, string name, List<FieldCause> causes)
    {
        if (name.Length == 0)
        {
            causes.Add(FieldCause.Required("metadata.name", "name or generateName is required"));
        }
        else if (PathSegmentKinds.Contains(kind.Kind))
        {
            if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal))
            {
                causes.Add(FieldCause.Invalid("metadata.name", Quote(name), "may not contain '/' or '%'"));
            }
        }
        else if (LabelNamedKinds.Contains(kind.Kind) && kind.Group.Length == 0)
        {
            if (!DnsNames.IsLabel(name))
            {
                causes.Add(FieldCause.Invalid("metadata.name", Quote(name), DnsNames.LabelMessage));
            }
        }
        else if (!DnsNames.IsSubdomain(name))
        {
            causes.Add(FieldCause.Invalid("metadata.name", Quote(name), DnsNames.SubdomainMessage));
        }
    }

    private static void ValidateWorkload(JsonObject obj, List<FieldCause> causes)
    {
        var selector = Json.At(obj, "spec", "selector");
        var templateLabels = Json.StringMap(Json.At(obj, "spec", "template", "metadata", "labels"));
        if (selector is not JsonObject selectorObject || selectorObject.Count == 0)
        {
            causes.Add(FieldCause.Required("spec.selector"));
        }
        else if (!ObjectLabelSelector.From(selector).Matches(templateLabels))
        {
            var shown = "map[string]string{" + string.Join(", ", templateLabels.Select(l => $"\"{l.Key}\":\"{l.Value}\"")) + "}";
            causes.Add(FieldCause.Invalid("spec.template.metadata.labels", shown, "`selector` does not match template `labels`"));
        }
        ValidateContainers(Json.At(obj, "spec", "template", "spec", "containers"), "spec.template.spec.containers", causes);
    }

    private static void ValidateContainers(JsonNode? containers, string field, List<FieldCause> causes)
    {
        if (containers is not JsonArray list || list.Count == 0)
        {
            causes.Add(FieldCause.Required(field));
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrEmpty(Json.Str(list[i], "name")))
            {
                causes.Add(FieldCause.Required($"{field}[{i}].name"));
            }
            if (string.IsNullOrEmpty(Json.Str(list[i], "image")))
            {
                causes.Add(FieldCause.Required($"{field}[{i}].image"));
            }
        }
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
