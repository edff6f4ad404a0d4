using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Discovery;
using Mla.Kubernetes.TestServer.OpenApi;
using Mla.Kubernetes.TestServer.Selectors;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Watch;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>The one request handler of a server: discovery, OpenAPI and the resource endpoints, errors as Status bodies.</summary>
public sealed class ApiRequestHandler(KubeApiServer server)
{
    private const string NotServed = "the server could not find the requested resource";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (server.Unavailable)
            {
                throw ApiErrors.Unavailable();
            }
            var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            await RouteAsync(context, segments);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.Code, e.Status);
        }
    }

    private Task RouteAsync(HttpContext context, string[] s)
    {
        var kinds = server.Kinds;
        switch (s)
        {
            case ["version"]:
                return WriteAsync(context, 200, DiscoveryDocuments.Version());
            case ["healthz" or "readyz" or "livez", ..]:
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync("ok");
            case ["api"]:
                return DiscoveryAsync(context, core: true);
            case ["apis"]:
                return DiscoveryAsync(context, core: false);
            case ["api", var version]:
                return WriteAsync(context, 200, DiscoveryDocuments.ApiResourceList(kinds, "", version) ?? throw ApiErrors.NotFound(NotServed));
            case ["apis", var group]:
                return WriteAsync(context, 200, DiscoveryDocuments.ApiGroup(kinds, group) ?? throw ApiErrors.NotFound(NotServed));
            case ["apis", var group, var version]:
                return WriteAsync(context, 200, DiscoveryDocuments.ApiResourceList(kinds, group, version) ?? throw ApiErrors.NotFound(NotServed));
            case ["openapi", "v3"]:
                return WriteAsync(context, 200, OpenApiDocuments.Root(kinds));
            case ["openapi", "v3", .. var rest]:
                return WriteAsync(context, 200, OpenApiDocuments.GroupVersion(kinds, string.Join('/', rest)) ?? throw ApiErrors.NotFound(NotServed));
            case ["api", var version, .. var rest]:
                return ResourceAsync(context, ResourcePath.Parse(kinds, "", version, rest));
            case ["apis", var group, var version, .. var rest]:
                return ResourceAsync(context, ResourcePath.Parse(kinds, group, version, rest));
            default:
                throw ApiErrors.NotFound(NotServed);
        }
    }

    private Task DiscoveryAsync(HttpContext context, bool core)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal) && accept.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal))
        {
            var version = accept.Contains("v=v2;", StringComparison.Ordinal) || accept.Contains("v=v2,", StringComparison.Ordinal) || accept.EndsWith("v=v2", StringComparison.Ordinal) ? "v2" : "v2beta1";
            return WriteAsync(context, 200, DiscoveryDocuments.Aggregated(server.Kinds, core, version),
                $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
        }
        return WriteAsync(context, 200, core
            ? DiscoveryDocuments.ApiVersions(server.BaseUri.Authority)
            : DiscoveryDocuments.ApiGroupList(server.Kinds));
    }

    private async Task ResourceAsync(HttpContext context, ResourcePath? path)
    {
        if (path is null)
        {
            throw ApiErrors.NotFound(NotServed);
        }
        var request = context.Request;
        var query = request.Query;
        var kind = path.Kind;
        var ops = server.Operations;
        if (path.Subresource is not (null or "status" or "finalize" or "scale") || (path.Subresource == "status" && !kind.HasStatus)
            || (path.Subresource == "scale" && !kind.HasScale)
            || (path.Subresource == "finalize" && kind is not { Group: "", Kind: "Namespace" }))
        {
            throw ApiErrors.NotFound(NotServed);
        }
        var dryRun = query["dryRun"].Contains("All");
        switch (request.Method)
        {
            case "GET" when IsTrue(query["watch"]):
                server.Requests.Add("watch", kind.Plural);
                var fields = path.Name is null ? FieldSelector.Parse(query["fieldSelector"], kind) : FieldSelector.ForName(path.Name);
                var watch = new WatchRequest(query["resourceVersion"], int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var t) ? t : null,
                    IsTrue(query["allowWatchBookmarks"]), IsTrue(query["sendInitialEvents"]));
                await server.Watches.StreamAsync(context, kind, path.Namespace, LabelSelector.Parse(query["labelSelector"]), fields, watch, server.WatchCut);
                return;
            case "GET" when path.Subresource == "scale":
                server.Requests.Add("get", kind.Plural);
                await WriteAsync(context, 200, ops.GetScale(kind, path.Namespace, path.Name!));
                return;
            case "PUT" when path.Subresource == "scale":
                server.Requests.Add("update", kind.Plural);
                await WriteAsync(context, 200, ops.UpdateScale(kind, path.Namespace, path.Name!, null, await RequestBodies.ObjectAsync(request), Options(context, dryRun, force: false, defaultManager: true)));
                return;
            case "PATCH" when path.Subresource == "scale":
                server.Requests.Add("patch", kind.Plural);
                var (scalePatchKind, scalePatch) = await RequestBodies.PatchAsync(request);
                await WriteAsync(context, 200, ops.UpdateScale(kind, path.Namespace, path.Name!, scalePatchKind, scalePatch, Options(context, dryRun, force: false, defaultManager: true)));
                return;
            case "GET" when path.Name is null:
                server.Requests.Add("list", kind.Plural);
                await WriteAsync(context, 200, ListBody(path, query));
                return;
            case "GET":
                server.Requests.Add("get", kind.Plural);
                await WriteAsync(context, 200, ops.Get(kind, path.Namespace, path.Name) ?? throw ApiErrors.NotFound(kind, path.Name));
                return;
            case "POST" when path.Name is null:
                server.Requests.Add("create", kind.Plural);
                var created = ops.Create(kind, path.Namespace, await RequestBodies.ObjectAsync(request), Options(context, dryRun, force: false, defaultManager: true));
                await WriteAsync(context, 201, created);
                return;
            case "PUT" when path.Name is not null && path.Subresource == "finalize":
                server.Requests.Add("update", kind.Plural);
                await WriteAsync(context, 200, ops.FinalizeNamespace(path.Name, await RequestBodies.ObjectAsync(request)));
                return;
            case "PUT" when path.Name is not null:
                server.Requests.Add("update", kind.Plural);
                var updated = ops.Update(kind, path.Namespace, path.Name, await RequestBodies.ObjectAsync(request), Options(context, dryRun, force: false, defaultManager: true), path.Subresource);
                await WriteAsync(context, 200, updated);
                return;
            case "PATCH" when path.Name is not null:
                server.Requests.Add("patch", kind.Plural);
                var (patchKind, patch) = await RequestBodies.PatchAsync(request);
                var options = Options(context, dryRun, IsTrue(query["force"]), defaultManager: patchKind != PatchKind.Apply);
                var (patched, wasCreated) = ops.Patch(kind, path.Namespace, path.Name, patchKind, patch, options, path.Subresource);
                await WriteAsync(context, wasCreated ? 201 : 200, patched);
                return;
            case "DELETE" when path.Name is not null:
                server.Requests.Add("delete", kind.Plural);
                var outcome = ops.Delete(kind, path.Namespace, path.Name, DeleteOptionsOf(await RequestBodies.OptionalObjectAsync(request), query, dryRun));
                await WriteAsync(context, 200, outcome.Body);
                return;
            case "DELETE":
                server.Requests.Add("deletecollection", kind.Plural);
                var deleteOptions = DeleteOptionsOf(await RequestBodies.OptionalObjectAsync(request), query, dryRun);
                var (items, _) = ops.List(kind, path.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], kind));
                var deleted = new JsonArray();
                foreach (var item in items)
                {
                    try
                    {
                        deleted.Add(Json.Clone(ops.Delete(kind, Json.Namespace(item), Json.Name(item), deleteOptions).Body));
                    }
                    catch (ApiException e) when (e.Code == 404)
                    {
                        // deleted meanwhile
                    }
                }
                await WriteAsync(context, 200, new JsonObject
                {
                    ["kind"] = kind.ListKind,
                    ["apiVersion"] = kind.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
                    ["items"] = deleted,
                });
                return;
            default:
                throw ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method} {request.Path})");
        }
    }

    private JsonObject ListBody(ResourcePath path, IQueryCollection query)
    {
        var kind = path.Kind;
        var (items, rv) = server.Operations.List(kind, path.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], kind));
        var page = ListPage.Select(items, query["limit"], query["continue"], rv);
        var metadata = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            metadata["remainingItemCount"] = page.Remaining;
        }
        return new JsonObject
        {
            ["kind"] = kind.ListKind,
            ["apiVersion"] = kind.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page.Items.Select(i => (JsonNode)i)]),
        };
    }

    private static WriteOptions Options(HttpContext context, bool dryRun, bool force, bool defaultManager)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0 && defaultManager)
        {
            var userAgent = context.Request.Headers.UserAgent.ToString();
            manager = userAgent.Length == 0 ? "unknown" : userAgent.Split('/')[0];
        }
        return new WriteOptions(manager, dryRun, force);
    }

    private static DeleteOptions DeleteOptionsOf(JsonObject? body, IQueryCollection query, bool dryRun)
    {
        var policy = Json.Str(body, "propagationPolicy") ?? (query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null);
        if (policy is null && (Json.At(body, "orphanDependents")?.ToString() == "true" || query["orphanDependents"] == "true"))
        {
            policy = "Orphan";
        }
        var bodyDryRun = Json.At(body, "dryRun") is JsonArray array && array.Any(v => v?.ToString() == "All");
        return new DeleteOptions(policy, dryRun || bodyDryRun, Json.Str(body, "preconditions", "uid"), Json.Str(body, "preconditions", "resourceVersion"));
    }

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static async Task WriteAsync(HttpContext context, int code, JsonNode body, string contentType = "application/json")
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
