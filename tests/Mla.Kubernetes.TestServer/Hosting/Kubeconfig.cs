namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>The kubeconfig of one server: plain HTTP, one cluster, context and user, namespace <c>default</c>.</summary>
public static class Kubeconfig
{
    public static string Render(Uri server, string name) =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {name}
          cluster:
            server: {server.ToString().TrimEnd('/')}
        contexts:
        - name: {name}
          context:
            cluster: {name}
            user: {name}
            namespace: default
        current-context: {name}
        preferences: {"{}"}
        users:
        - name: {name}
          user:
            token: mla-test-token
        """ + "\n";
}
