using System.Text.Json.Nodes;

namespace Mla.Chart.Tests.Rendering;

/// <summary>One environment variable of a rendered container: a literal value or a Secret key reference.</summary>
public sealed record EnvVar(string Name, string? Value, string? SecretName, string? SecretKey)
{
    public static EnvVar From(JsonObject env) => new(
        env.StringAt("name") ?? throw new FormatException($"an env entry without a name: {env.ToJsonString()}"),
        env.StringAt("value"),
        env.StringAt("valueFrom", "secretKeyRef", "name"),
        env.StringAt("valueFrom", "secretKeyRef", "key"));

    public bool IsSecretReference => SecretName is not null;
}
