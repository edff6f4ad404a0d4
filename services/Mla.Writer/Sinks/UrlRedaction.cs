using System.Text.RegularExpressions;

namespace Mla.Writer.Sinks;

/// <summary>Hides the user info (<c>user:password@</c>) of URLs in text meant for logs and error messages.</summary>
public static partial class UrlRedaction
{
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/?#@\s]*@")]
    private static partial Regex UserInfo();
}
