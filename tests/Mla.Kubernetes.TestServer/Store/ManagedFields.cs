using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Patching;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>Records non-apply writes in <c>metadata.managedFields</c> through <see cref="ServerSideApply.RecordUpdate"/>.</summary>
public static class ManagedFields
{
    public static JsonObject RecordUpdate(JsonObject? previous, JsonObject updated, string manager, ResourceKind kind, DateTimeOffset now, string? subresource) =>
        ServerSideApply.RecordUpdate(previous, updated, manager, kind.ApiVersion, kind.Kind, now, subresource);
}
