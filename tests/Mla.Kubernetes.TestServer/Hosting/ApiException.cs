using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>A request that fails with a Kubernetes <c>Status</c> body (built by <see cref="ApiErrors"/>).</summary>
public sealed class ApiException(int code, JsonObject status) : Exception(status["message"]?.GetValue<string>())
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;
}
