using System.Net;

namespace Mla.Tenants.Purge;

/// <summary>A store's answer to one request: its status code and its body as text.</summary>
internal sealed record StoreResponse(HttpStatusCode Status, string Body)
{
    private const int BodyExcerptLength = 200;

    public int Code => (int)Status;

    /// <summary>The start of the body on one line, to say in a purge result why a store refused.</summary>
    public string BodyExcerpt()
    {
        var text = string.Join(' ', Body.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return text.Length <= BodyExcerptLength ? text : string.Concat(text.AsSpan(0, BodyExcerptLength), "…");
    }
}
