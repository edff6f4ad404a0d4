using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>The Status bodies of the API server (https://kubernetes.io/docs/reference/using-api/api-concepts/#api-verbs), as exceptions to throw.</summary>
public static class ApiErrors
{
    public static JsonObject Status(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }
        status["code"] = code;
        return status;
    }

    public static JsonObject Details(ResourceKind kind, string name, bool useKind = false)
    {
        var details = new JsonObject { ["name"] = name };
        if (kind.Group.Length > 0)
        {
            details["group"] = kind.Group;
        }
        details["kind"] = useKind ? kind.Kind : kind.Plural;
        return details;
    }

    public static ApiException NotFound(ResourceKind kind, string name) =>
        new(404, Status(404, "NotFound", $"{kind.GroupResource} \"{name}\" not found", Details(kind, name)));

    public static ApiException NotFound(string message) => new(404, Status(404, "NotFound", message));

    public static ApiException AlreadyExists(ResourceKind kind, string name) =>
        new(409, Status(409, "AlreadyExists", $"{kind.GroupResource} \"{name}\" already exists", Details(kind, name)));

    public static ApiException Conflict(ResourceKind kind, string name) =>
        new(409, Status(409, "Conflict",
            $"Operation cannot be fulfilled on {kind.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(kind, name)));

    public static ApiException Conflict(ResourceKind kind, string name, string detail) =>
        new(409, Status(409, "Conflict", $"Operation cannot be fulfilled on {kind.GroupResource} \"{name}\": {detail}", Details(kind, name)));

    public static ApiException Invalid(ResourceKind kind, string name, IReadOnlyList<FieldCause> causes)
    {
        var details = Details(kind, name, useKind: true);
        details["causes"] = Causes(causes);
        var text = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes) + "]";
        return new ApiException(422, Status(422, "Invalid", $"{kind.GroupKind} \"{name}\" is invalid: {text}", details));
    }

    public static ApiException Invalid(string qualifiedKind, string name, FieldCause cause) =>
        new(422, Status(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {cause}", new JsonObject
        {
            ["name"] = name,
            ["kind"] = qualifiedKind,
            ["causes"] = Causes([cause]),
        }));

    public static ApiException Forbidden(ResourceKind kind, string name, string detail, FieldCause? cause = null)
    {
        var details = Details(kind, name);
        if (cause is not null)
        {
            details["causes"] = Causes([cause]);
        }
        return new ApiException(403, Status(403, "Forbidden", $"{kind.GroupResource} \"{name}\" is forbidden: {detail}", details));
    }

    public static ApiException BadRequest(string message) => new(400, Status(400, "BadRequest", message));

    public static ApiException UnsupportedMediaType(string message) => new(415, Status(415, "UnsupportedMediaType", message));

    public static ApiException MethodNotAllowed(string message) => new(405, Status(405, "MethodNotAllowed", message));

    public static ApiException Expired(string message) => new(410, Status(410, "Expired", message));

    public static ApiException Unavailable() =>
        new(503, Status(503, "ServiceUnavailable", "the server is currently unable to handle the request (simulated: KubeApiServer.Unavailable)"));

    public static JsonArray Causes(IEnumerable<FieldCause> causes) =>
        [.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })];
}
