using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mla.Rules.Alertmanager;

/// <summary>
/// A tenant's Alertmanager templates, namespaced: every <c>{{ define "X" }}</c> (and <c>block</c>) becomes
/// <c>"&lt;tenant&gt;/X"</c>, and every <c>{{ template "X" }}</c> in the tenant's template files and in its receivers'
/// text refers to the tenant's own <c>"&lt;tenant&gt;/X"</c> when the tenant defines X. A name the tenant does not
/// define may only be one of Alertmanager's built-in templates (<c>__subject</c>, <c>slack.default.title</c>, …);
/// anything else (another tenant's <c>"B/X"</c>, a file's name) is refused. So a tenant can neither call nor override
/// another tenant's templates (nor the built-ins for anyone but itself).
/// </summary>
internal static partial class TenantTemplates
{
    /// <summary>The file a template is written to: Alertmanager names a file's top-level template by its base name, so it carries the tenant and a fixed-length hash of the user's name.</summary>
    public static string FileName(string tenant, string name) =>
        $"{tenant}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16]}.tmpl";

    /// <summary>The tenant's templates, by file name, rewritten; or the reason they are refused.</summary>
    public static (IReadOnlyDictionary<string, string>? Files, IReadOnlySet<string> Defined, string? Error) Rewrite(string tenant, IReadOnlyDictionary<string, string> templates)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var content in templates.Values)
        {
            foreach (Match match in Action().Matches(content))
            {
                if (match.Groups["keyword"].Value is "define" or "block")
                {
                    defined.Add(match.Groups["name"].Value);
                }
            }
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, content) in templates.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var (text, error) = RewriteText(tenant, content, defined);
            if (error is not null)
            {
                return (null, defined, $"template file '{name}': {error}");
            }

            files[FileName(tenant, name)] = text!;
        }

        return (files, defined, null);
    }

    /// <summary>Rewrites the template names in <paramref name="text"/> (a template file or a receiver's field).</summary>
    public static (string? Text, string? Error) RewriteText(string tenant, string text, IReadOnlySet<string> defined)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return (text, null);
        }

        string? error = null;
        var rewritten = Action().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            var keyword = match.Groups["keyword"].Value;
            if (keyword is "template" && !defined.Contains(name))
            {
                if (BuiltIn().IsMatch(name))
                {
                    return match.Value;
                }

                error ??= $"template '{name}' is not defined by this configuration";
                return match.Value;
            }

            return match.Groups["head"].Value + Quote(TenantAlertmanagerConfig.Prefix(tenant) + name);
        });

        // A template action the pattern did not recognise (say, a quoted name with escapes) would escape the namespace.
        if (error is null && Keyword().Count(rewritten) != Action().Count(rewritten))
        {
            error = "a define, block or template action must name its template as a plain \"quoted\" string";
        }

        return error is null ? (rewritten, null) : (null, error);
    }

    private static string Quote(string name) => "\"" + name + "\"";

    /// <summary><c>{{ define|block|template "name"</c> with the optional trim marker; the name without quotes or escapes.</summary>
    [GeneratedRegex("""(?<head>\{\{-?\s*(?<keyword>define|block|template)\s+)(?:"(?<name>[^"\\`]*)"|`(?<name>[^`"\\]*)`)""")]
    private static partial Regex Action();

    /// <summary>Any <c>{{ define|block|template</c>, to catch the forms <see cref="Action"/> does not read.</summary>
    [GeneratedRegex("""\{\{-?\s*(?:define|block|template)\b""")]
    private static partial Regex Keyword();

    /// <summary>The names of Alertmanager's own default templates (<c>__subject</c>, <c>slack.default.title</c>, …); no tenant's name has this form, as each carries its <c>&lt;tenant&gt;/</c> prefix.</summary>
    [GeneratedRegex("""^(?:__[A-Za-z_]+|[a-z]+\.default\.[a-z_]+)$""")]
    private static partial Regex BuiltIn();
}
