using System.Text.Json;

namespace Mla.Hosting.Tests.Access;

internal static class HttpContentJson
{
    public static async Task<JsonElement> ReadFromJsonAsync(this HttpContent content) =>
        JsonDocument.Parse(await content.ReadAsStringAsync()).RootElement.Clone();
}
