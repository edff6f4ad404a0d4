namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>RFC 6901 JSON pointer parsing: "/a/b~1c/0" → ["a", "b/c", "0"].</summary>
internal static class JsonPointer
{
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer \"{pointer}\": must be empty or start with '/'");
        }

        // ~1 before ~0, so that "~01" decodes to "~1" (RFC 6901 §4).
        return pointer[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }
}
