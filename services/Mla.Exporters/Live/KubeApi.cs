using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Mla.Exporters.Export;

namespace Mla.Exporters.Live;

/// <summary>
/// The few calls MLA makes to a cluster's API, over one HTTP client built from its kubeconfig (KubernetesClient reads
/// the kubeconfig: server, CA, client certificate, token). Server-side apply as <c>mla-exporters</c>. Transport errors
/// and 5xx become <see cref="ClusterUnreachableException"/>; messages never hold a credential.
/// </summary>
public sealed class KubeApi : IDisposable
{
    private readonly HttpClient _http;

    private KubeApi(HttpClient http) => _http = http;

    public Uri Server => _http.BaseAddress!;

    /// <summary>Writes (apply, delete) this client made.</summary>
    public int Writes => _writes;

    private int _writes;

    public static KubeApi FromKubeconfig(string kubeconfig, TimeSpan timeout)
    {
        KubernetesClientConfiguration config;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or InvalidOperationException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            throw new ClusterUnreachableException("the kubeconfig cannot be read: " + ex.GetType().Name);
        }

        return FromConfiguration(config, timeout);
    }

    /// <summary>The service's own cluster (the seed), from a kubeconfig file or the in-cluster service account.</summary>
    public static KubeApi ForSeed(string? kubeconfigPath, TimeSpan timeout) =>
        FromConfiguration(string.IsNullOrEmpty(kubeconfigPath)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath), timeout);

    private static KubeApi FromConfiguration(KubernetesClientConfiguration config, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (config.SkipTlsVerify)
        {
#pragma warning disable CA5359 // The kubeconfig asks for it (insecure-skip-tls-verify), as kubectl honours it.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.SslCaCerts is { Count: > 0 } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        if (!string.IsNullOrEmpty(config.ClientCertificateData) || !string.IsNullOrEmpty(config.ClientCertificateFilePath))
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate(config)];
        }

        var http = new HttpClient(handler) { BaseAddress = new Uri(config.Host.TrimEnd('/') + "/"), Timeout = timeout };
        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        }
        else if (!string.IsNullOrEmpty(config.Username))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(config.Username + ":" + config.Password)));
        }

        return new KubeApi(http);
    }

    private static X509Certificate2 ClientCertificate(KubernetesClientConfiguration config)
    {
        var certificate = !string.IsNullOrEmpty(config.ClientCertificateData)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData))
            : File.ReadAllText(config.ClientCertificateFilePath);
        var key = !string.IsNullOrEmpty(config.ClientCertificateKeyData)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData))
            : File.ReadAllText(config.ClientKeyFilePath);
        using var pem = X509Certificate2.CreateFromPem(certificate, key);
        // TLS needs the key in a store-backed form on some platforms: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public async Task<JsonObject?> GetAsync(KubeKind kind, string? ns, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, kind.Path(ns, name)), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Lists a kind (in one namespace, or all) with a label selector; every page.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(KubeKind kind, string? ns, string labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? next = null;
        do
        {
            var query = $"?labelSelector={Uri.EscapeDataString(labelSelector)}&limit=500" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, kind.Path(ns) + query), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return items;
            }

            var list = await ReadAsync(response, cancellationToken);
            foreach (var item in list["items"]?.AsArray() ?? [])
            {
                if (item is JsonObject obj)
                {
                    obj["apiVersion"] ??= kind.ApiVersion;
                    obj["kind"] ??= kind.Kind;
                    items.Add(obj);
                }
            }

            next = list["metadata"]?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
        return items;
    }

    /// <summary>Server-side apply as <see cref="Desired.ManagedLabels.FieldManager"/>, forcing ownership back (drift repair).</summary>
    public async Task<JsonObject> ApplyAsync(JsonObject obj, CancellationToken cancellationToken)
    {
        var kind = KubeKinds.Of(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
        var ns = obj["metadata"]?["namespace"]?.GetValue<string>();
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Patch, kind.Path(ns, name) + "?fieldManager=" + Desired.ManagedLabels.FieldManager + "&force=true")
        {
            Content = new StringContent(obj.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        Interlocked.Increment(ref _writes);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Deletes (background propagation); false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(KubeKind kind, string? ns, string name, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, kind.Path(ns, name) + "?propagationPolicy=Background");
        Interlocked.Increment(ref _writes);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await ReadAsync(response, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new ClusterUnreachableException($"{request.Method} {_http.BaseAddress}: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClusterUnreachableException($"{request.Method} {_http.BaseAddress}: no answer within {_http.Timeout}", ex);
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new ClusterUnreachableException($"{request.Method} {_http.BaseAddress}: answered {status}");
            }

            return response;
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var message = JsonNode.Parse(body) is JsonObject status && status["message"] is JsonValue m ? m.GetValue<string>() : body[..Math.Min(300, body.Length)];
            throw new KubeApiException($"{(int)response.StatusCode}: {message}") { StatusCode = (int)response.StatusCode };
        }

        return JsonNode.Parse(body) as JsonObject ?? throw new KubeApiException("the API answered something else than an object");
    }

    public void Dispose() => _http.Dispose();
}
