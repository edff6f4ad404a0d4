using System.Text.RegularExpressions;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>Kubernetes' syntax of label keys and values (also used for annotation keys).</summary>
public static partial class LabelSyntax
{
    /// <summary>A qualified name: optional DNS-subdomain prefix and "/", then 1–63 alphanumerics, '-', '_', '.'.</summary>
    public static bool IsKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsNames.IsSubdomain(prefix))
            {
                return false;
            }
        }
        return name.Length is > 0 and <= 63 && NamePattern().IsMatch(name);
    }

    /// <summary>Empty, or 1–63 alphanumerics, '-', '_', '.', starting and ending alphanumeric.</summary>
    public static bool IsValue(string value) => value.Length == 0 || (value.Length <= 63 && NamePattern().IsMatch(value));

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();
}
