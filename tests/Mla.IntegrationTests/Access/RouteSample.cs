using System.Net;
using System.Text.Json;

namespace Mla.IntegrationTests.Access;

/// <summary>
/// A request that a caller with the route's role can make successfully in the composed services, and the 2xx it
/// gets. <see cref="Capture"/> keeps what later samples need (e.g. the id of a started resync).
/// </summary>
internal sealed record RouteSample(
    string Method,
    string Pattern,
    Func<RouteSampleContext, HttpRequestMessage> Request,
    HttpStatusCode Expected,
    Action<RouteSampleContext, JsonElement>? Capture = null)
{
    public string Key => $"{Method} {Pattern}";
}
