using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// Server-side apply and field ownership (CONTRACTS.md §5.1, §5.4): the fields of an applied configuration, merged
/// into the live object, owned by the field manager; conflicts with other managers unless forced; <c>managedFields</c>
/// kept in <c>metadata.managedFields</c> (Apply entries first, <c>FieldsV1</c>).
/// </summary>
public static class ServerSideApply
{
    /// <summary>
    /// Applies <paramref name="applied"/> (already checked: no managedFields) by <paramref name="manager"/> onto
    /// <paramref name="live"/> (null when the object does not exist). Fields this manager applied before and no longer
    /// applies are removed unless another manager owns them. Never mutates its inputs. The result's Applied object has its
    /// managedFields updated; <c>metadata.resourceVersion</c>, uid and timestamps are the server's business.
    /// </summary>
    public static ApplyResult Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, string kind, DateTimeOffset now) =>
        throw new NotImplementedException("skeleton: the Patching branch implements this");

    /// <summary>
    /// Records a non-apply write (create, update, merge/JSON/strategic patch) by <paramref name="manager"/>: the fields
    /// it changed become owned by an <c>Update</c> entry of that manager and are taken from other managers.
    /// Returns <paramref name="updated"/> with managedFields set (a new object).
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? previous, JsonObject updated, string manager, string apiVersion, string kind, DateTimeOffset now, string? subresource = null) =>
        throw new NotImplementedException("skeleton: the Patching branch implements this");
}
