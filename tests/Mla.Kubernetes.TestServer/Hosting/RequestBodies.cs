using System.Text.Json;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Yaml;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>Reads request bodies by media type (parameters such as <c>; charset=utf-8</c> stripped).</summary>
public static class RequestBodies
{
    private const string Accepted = "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml";

    public static string MediaType(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        return mediaType.Length == 0 ? "application/json" : mediaType.ToLowerInvariant();
    }

    public static async Task<string> TextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    /// <summary>A POST or PUT body: JSON or YAML; protobuf and anything else → 415.</summary>
    public static async Task<JsonObject> ObjectAsync(HttpRequest request)
    {
        var mediaType = MediaType(request);
        if (mediaType == "application/vnd.kubernetes.protobuf")
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            try
            {
                if (ProtobufBodies.TryDecode(buffer.ToArray()) is { } decoded)
                {
                    return decoded;
                }
            }
            catch (FormatException)
            {
                // answered as unsupported below
            }
            throw ApiErrors.UnsupportedMediaType(Accepted +
                " (this test server decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount; kubectl 1.32+ `create deployment` sends protobuf: use `create -f`/`apply`)");
        }
        var text = await TextAsync(request);
        return mediaType switch
        {
            "application/json" or "*/*" => Json.ParseObject(text),
            "application/yaml" or "application/x-yaml" or "text/yaml" => ParseYamlObject(text),
            _ => throw ApiErrors.UnsupportedMediaType(Accepted),
        };
    }

    /// <summary>A PATCH body and its kind by content type; 415 for anything else.</summary>
    public static async Task<(PatchKind Kind, JsonNode Patch)> PatchAsync(HttpRequest request)
    {
        var mediaType = MediaType(request);
        var kind = mediaType switch
        {
            "application/merge-patch+json" => PatchKind.Merge,
            "application/json-patch+json" => PatchKind.Json,
            "application/strategic-merge-patch+json" => PatchKind.StrategicMerge,
            "application/apply-patch+yaml" => PatchKind.Apply,
            _ => throw ApiErrors.UnsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
        };
        var text = await TextAsync(request);
        if (kind == PatchKind.Apply)
        {
            return (kind, ParseYamlObject(text));
        }
        try
        {
            return (kind, JsonNode.Parse(text) ?? throw ApiErrors.BadRequest("empty patch"));
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest("the patch could not be decoded as JSON: " + e.Message);
        }
    }

    /// <summary>An optional DeleteOptions body.</summary>
    public static async Task<JsonObject?> OptionalObjectAsync(HttpRequest request)
    {
        var text = await TextAsync(request);
        return string.IsNullOrWhiteSpace(text) ? null : Json.ParseObject(text);
    }

    private static JsonObject ParseYamlObject(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return Json.ParseObject(text);
        }
        try
        {
            return YamlToJson.Parse(text) as JsonObject ?? throw ApiErrors.BadRequest("the body must be a YAML or JSON object");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }
}
