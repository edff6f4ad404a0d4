using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Tests.Support;

public static class JsonObjectExtensions
{
    /// <summary>Changes the object in place and returns it (for one-expression test set-up).</summary>
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
