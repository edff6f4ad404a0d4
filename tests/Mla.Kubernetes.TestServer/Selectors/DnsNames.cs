using System.Text.RegularExpressions;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>RFC 1123 names as Kubernetes validates them.</summary>
public static partial class DnsNames
{
    public const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    public const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static bool IsSubdomain(string name) => name.Length is > 0 and <= 253 && SubdomainPattern().IsMatch(name);

    public static bool IsLabel(string name) => name.Length is > 0 and <= 63 && LabelPattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
