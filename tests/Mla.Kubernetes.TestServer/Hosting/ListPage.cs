using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary><c>limit</c>/<c>continue</c> paging: the token names the last key served (namespace and name) and the first page's resourceVersion.</summary>
public sealed record ListPage(IReadOnlyList<JsonObject> Items, string? Continue, long Remaining, long ResourceVersion)
{
    public static ListPage Select(IReadOnlyList<JsonObject> items, string? limitText, string? continueToken, long resourceVersion)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(continueToken))
        {
            var (rv, ns, name) = Decode(continueToken);
            resourceVersion = rv;
            start = items.Count(i => string.CompareOrdinal(Json.Namespace(i) + "\0" + Json.Name(i), ns + "\0" + name) <= 0);
        }
        var rest = items.Skip(start).ToList();
        if (!int.TryParse(limitText, CultureInfo.InvariantCulture, out var limit) || limit <= 0 || rest.Count <= limit)
        {
            return new ListPage(rest, null, 0, resourceVersion);
        }
        var page = rest.Take(limit).ToList();
        var last = page[^1];
        return new ListPage(page, Encode(resourceVersion, Json.Namespace(last), Json.Name(last)), rest.Count - limit, resourceVersion);
    }

    private static string Encode(long rv, string ns, string name) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = rv, ["ns"] = ns, ["name"] = name }.ToJsonString()));

    private static (long, string, string) Decode(string token)
    {
        try
        {
            var obj = Json.ParseObject(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return (Json.Number(obj, "rv") ?? 0, Json.Str(obj, "ns") ?? "", Json.Str(obj, "name") ?? "");
        }
        catch (Exception e) when (e is FormatException or ApiException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: " + e.Message);
        }
    }
}
