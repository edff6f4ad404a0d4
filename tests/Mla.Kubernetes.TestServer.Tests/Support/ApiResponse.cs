using System.Net;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Tests.Support;

/// <summary>Status code, body and content type of one call.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string Text, string ContentType)
{
    public int Code => (int)Status;

    public string? Str(params string[] path) => Store.Json.Str(Body, path);

    public long? Number(params string[] path) => Store.Json.Number(Body, path);

    public JsonObject Json => Body as JsonObject ?? throw new InvalidOperationException($"not an object: {Text}");

    public override string ToString() => $"{Code} {Text}";
}
