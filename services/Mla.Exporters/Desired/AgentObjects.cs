using System.Text;
using System.Text.Json.Nodes;
using Mla.Exporters.Agents;

namespace Mla.Exporters.Desired;

/// <summary>
/// The desired objects of one user cluster, all in <c>mla-system</c> (besides cluster-scoped RBAC) and labelled
/// <c>app.kubernetes.io/managed-by=mla</c>, in apply order. Empty when neither monitoring nor logging is on.
/// </summary>
public static class AgentObjects
{
    public static IReadOnlyList<JsonObject> Build(ClusterAgentsSpec spec)
    {
        if (!spec.AnyAgent)
        {
            return [];
        }

        const string ns = ManagedLabels.Namespace;
        var objects = new List<JsonObject>
        {
            Manifest.Object("v1", "Namespace", ns, null, "mla"),
            Manifest.Object("v1", "Secret", AgentComponents.CredentialsSecret, ns, "mla", new JsonObject
            {
                ["type"] = "kubernetes.io/tls",
                ["data"] = new JsonObject
                {
                    ["ca.crt"] = Base64(spec.Credentials.CaBundlePem),
                    ["tls.crt"] = Base64(spec.Credentials.CertificatePem),
                    ["tls.key"] = Base64(spec.Credentials.PrivateKeyPem),
                },
            }),
        };
        var credentialsChecksum = Manifest.Checksum(spec.Credentials.CertificatePem, spec.Credentials.PrivateKeyPem, spec.Credentials.CaBundlePem);

        if (spec.MonitoringEnabled)
        {
            objects.AddRange(MetricsAgent(spec, credentialsChecksum));
            if (spec.NodeExporter && !spec.ClusterHasNodeExporter)
            {
                objects.AddRange(NodeExporter(spec));
            }

            if (spec.KubeStateMetrics && !spec.ClusterHasKubeStateMetrics)
            {
                objects.AddRange(KubeStateMetrics(spec));
            }
        }

        if (spec.LoggingEnabled)
        {
            objects.AddRange(LogAgent(spec, credentialsChecksum));
        }

        return objects;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static IEnumerable<JsonObject> MetricsAgent(ClusterAgentsSpec spec, string credentialsChecksum)
    {
        const string name = AgentComponents.MetricsAgent;
        const string ns = ManagedLabels.Namespace;
        var config = MetricsAgentConfig.For(spec);
        var edge = spec.Profile == AgentProfile.Edge;
        var vm = spec.MetricsAgent == MetricsAgentKind.VmAgent;
        yield return Manifest.Object("v1", "ServiceAccount", name, ns, name);
        yield return ClusterRole(name, Manifest.Array(
            Rule("", ["nodes", "nodes/metrics", "services", "endpoints", "pods"], "get", "list", "watch"),
            Rule("discovery.k8s.io", ["endpointslices"], "get", "list", "watch"),
            new JsonObject { ["nonResourceURLs"] = Manifest.Array("/metrics", "/metrics/cadvisor"), ["verbs"] = Manifest.Array("get") }));
        yield return ClusterRoleBinding(name);
        yield return Manifest.Object("v1", "ConfigMap", name, ns, name, new JsonObject
        {
            ["data"] = new JsonObject { [config.FileName] = config.Text },
        });
        yield return Manifest.Object("v1", "Service", name, ns, name, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "None",
                ["selector"] = new JsonObject { [ManagedLabels.NameKey] = name },
                ["ports"] = Manifest.Array(new JsonObject { ["name"] = "http", ["port"] = config.Port, ["targetPort"] = config.Port }),
            },
        });

        var annotations = new JsonObject { [ManagedLabels.ConfigChecksumAnnotation] = Manifest.Checksum(config.Text, string.Join('\n', config.Args)) };
        if (vm)
        {
            // vmagent reads its client certificate once at start: a renewed one needs a restart.
            annotations[ManagedLabels.CredentialsChecksumAnnotation] = credentialsChecksum;
        }

        var container = new JsonObject
        {
            ["name"] = vm ? "vmagent" : "prometheus",
            ["image"] = vm ? spec.Images.VmAgent : spec.Images.Prometheus,
            ["args"] = Manifest.Strings(config.Args),
            ["ports"] = Manifest.Array(new JsonObject { ["name"] = "http", ["containerPort"] = config.Port }),
            ["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = vm ? "/health" : "/-/ready", ["port"] = "http" },
                ["periodSeconds"] = 10,
            },
            ["resources"] = edge
                ? Manifest.Resources("20m", vm ? "24Mi" : "64Mi", vm ? "64Mi" : "128Mi")
                : Manifest.Resources("100m", vm ? "128Mi" : "256Mi", vm ? "512Mi" : "1Gi"),
            ["securityContext"] = Manifest.RestrictedSecurityContext(),
            ["volumeMounts"] = Manifest.Array(
                Manifest.Mount("config", AgentPaths.ConfigDirectory),
                Manifest.Mount("credentials", AgentPaths.CredentialsDirectory),
                Manifest.Mount("buffer", AgentPaths.BufferDirectory, readOnly: false)),
        };
        var volumes = Manifest.Array(
            Manifest.ConfigMapVolume("config", name),
            Manifest.SecretVolume("credentials", AgentComponents.CredentialsSecret));
        var stsSpec = new JsonObject
        {
            ["replicas"] = 1,
            ["serviceName"] = name,
            ["selector"] = Manifest.Selector(name),
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Manifest.Labels(name), ["annotations"] = annotations },
                ["spec"] = new JsonObject
                {
                    ["serviceAccountName"] = name,
                    ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["runAsUser"] = 65534, ["fsGroup"] = 65534 },
                    ["containers"] = Manifest.Array(container),
                    ["volumes"] = volumes,
                },
            },
        };
        if (edge)
        {
            // Edge nodes have little disk to spare: the buffer is an emptyDir with a size limit (lost with the pod, not with a restart of the container).
            volumes.Add(new JsonObject { ["name"] = "buffer", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "256Mi" } });
        }
        else
        {
            stsSpec["volumeClaimTemplates"] = Manifest.Array(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "buffer", ["labels"] = Manifest.Labels(name) },
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = Manifest.Array("ReadWriteOnce"),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "2Gi" } },
                },
            });
        }

        yield return Manifest.Object("apps/v1", "StatefulSet", name, ns, name, new JsonObject { ["spec"] = stsSpec });
    }

    private static IEnumerable<JsonObject> LogAgent(ClusterAgentsSpec spec, string credentialsChecksum)
    {
        const string name = AgentComponents.LogAgent;
        const string ns = ManagedLabels.Namespace;
        var config = LogAgentConfig.For(spec);
        var edge = spec.Profile == AgentProfile.Edge;
        var fluentBit = spec.LogAgent == LogAgentKind.FluentBit;
        yield return Manifest.Object("v1", "ServiceAccount", name, ns, name);
        yield return ClusterRole(name, Manifest.Array(Rule("", ["namespaces", "pods"], "get", "list", "watch")));
        yield return ClusterRoleBinding(name);
        var data = new JsonObject();
        foreach (var (file, text) in config.Files)
        {
            data[file] = text;
        }

        yield return Manifest.Object("v1", "ConfigMap", name, ns, name, new JsonObject { ["data"] = data });
        var container = new JsonObject
        {
            ["name"] = fluentBit ? "fluent-bit" : "alloy",
            ["image"] = fluentBit ? spec.Images.FluentBit : spec.Images.Alloy,
            ["args"] = Manifest.Strings(config.Args),
            ["env"] = Manifest.Array(Manifest.Env("NODE_NAME", "spec.nodeName")),
            ["ports"] = Manifest.Array(new JsonObject { ["name"] = "http", ["containerPort"] = config.Port }),
            ["resources"] = edge ? Manifest.Resources("10m", "16Mi", "64Mi") : Manifest.Resources("50m", "64Mi", "256Mi"),
            ["securityContext"] = Manifest.RestrictedSecurityContext(),
            ["volumeMounts"] = Manifest.Array(
                Manifest.Mount("config", AgentPaths.ConfigDirectory),
                Manifest.Mount("credentials", AgentPaths.CredentialsDirectory),
                Manifest.Mount("pod-logs", AgentPaths.PodLogs),
                Manifest.Mount("buffer", AgentPaths.BufferDirectory, readOnly: false)),
        };
        yield return Manifest.Object("apps/v1", "DaemonSet", name, ns, name, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["selector"] = Manifest.Selector(name),
                ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate" },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["labels"] = Manifest.Labels(name),
                        ["annotations"] = new JsonObject
                        {
                            [ManagedLabels.ConfigChecksumAnnotation] = Manifest.Checksum([.. config.Files.Values, .. config.Args]),
                            [ManagedLabels.CredentialsChecksumAnnotation] = credentialsChecksum,
                        },
                    },
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = name,
                        ["tolerations"] = Manifest.TolerateEverything(),
                        ["containers"] = Manifest.Array(container),
                        ["volumes"] = Manifest.Array(
                            Manifest.ConfigMapVolume("config", name),
                            Manifest.SecretVolume("credentials", AgentComponents.CredentialsSecret),
                            Manifest.HostPathVolume("pod-logs", AgentPaths.PodLogs),
                            // The read positions and the filesystem buffer survive a restart of the pod on its node.
                            Manifest.HostPathVolume("buffer", "/var/lib/mla/" + name)),
                    },
                },
            },
        });
    }

    private static IEnumerable<JsonObject> NodeExporter(ClusterAgentsSpec spec)
    {
        const string name = AgentComponents.NodeExporter;
        const string component = "node-exporter";
        var labels = Manifest.Labels(component);
        yield return Manifest.Object("apps/v1", "DaemonSet", name, ManagedLabels.Namespace, component, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["selector"] = Manifest.Selector(component),
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels },
                    ["spec"] = new JsonObject
                    {
                        ["hostNetwork"] = true,
                        ["hostPID"] = true,
                        ["automountServiceAccountToken"] = false,
                        ["tolerations"] = Manifest.TolerateEverything(),
                        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["runAsUser"] = 65534 },
                        ["containers"] = Manifest.Array(new JsonObject
                        {
                            ["name"] = "node-exporter",
                            ["image"] = spec.Images.NodeExporter,
                            ["args"] = Manifest.Array("--path.rootfs=/host", "--web.listen-address=:9100"),
                            ["ports"] = Manifest.Array(new JsonObject { ["name"] = "metrics", ["containerPort"] = 9100 }),
                            ["resources"] = spec.Profile == AgentProfile.Edge
                                ? Manifest.Resources("10m", "16Mi", "32Mi")
                                : Manifest.Resources("50m", "32Mi", "64Mi"),
                            ["securityContext"] = Manifest.RestrictedSecurityContext(),
                            ["volumeMounts"] = Manifest.Array(new JsonObject
                            {
                                ["name"] = "root",
                                ["mountPath"] = "/host",
                                ["readOnly"] = true,
                                ["mountPropagation"] = "HostToContainer",
                            }),
                        }),
                        ["volumes"] = Manifest.Array(Manifest.HostPathVolume("root", "/")),
                    },
                },
            },
        });
    }

    private static IEnumerable<JsonObject> KubeStateMetrics(ClusterAgentsSpec spec)
    {
        const string name = AgentComponents.KubeStateMetrics;
        const string component = "kube-state-metrics";
        yield return Manifest.Object("v1", "ServiceAccount", name, ManagedLabels.Namespace, component);
        yield return ClusterRole(name, Manifest.Array(
            Rule("", ["configmaps", "secrets", "nodes", "pods", "services", "serviceaccounts", "resourcequotas", "replicationcontrollers", "limitranges", "persistentvolumeclaims", "persistentvolumes", "namespaces", "endpoints"], "list", "watch"),
            Rule("apps", ["statefulsets", "daemonsets", "deployments", "replicasets"], "list", "watch"),
            Rule("batch", ["cronjobs", "jobs"], "list", "watch"),
            Rule("autoscaling", ["horizontalpodautoscalers"], "list", "watch"),
            Rule("policy", ["poddisruptionbudgets"], "list", "watch"),
            Rule("storage.k8s.io", ["storageclasses", "volumeattachments"], "list", "watch"),
            Rule("networking.k8s.io", ["networkpolicies", "ingresses"], "list", "watch"),
            Rule("coordination.k8s.io", ["leases"], "list", "watch")), component);
        yield return ClusterRoleBinding(name, component);
        yield return Manifest.Object("apps/v1", "Deployment", name, ManagedLabels.Namespace, component, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = Manifest.Selector(component),
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = Manifest.Labels(component) },
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = name,
                        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["runAsUser"] = 65534 },
                        ["containers"] = Manifest.Array(new JsonObject
                        {
                            ["name"] = "kube-state-metrics",
                            ["image"] = spec.Images.KubeStateMetrics,
                            ["args"] = Manifest.Array("--port=8080", "--telemetry-port=8081"),
                            ["ports"] = Manifest.Array(
                                new JsonObject { ["name"] = "http-metrics", ["containerPort"] = 8080 },
                                new JsonObject { ["name"] = "telemetry", ["containerPort"] = 8081 }),
                            ["readinessProbe"] = new JsonObject
                            {
                                ["httpGet"] = new JsonObject { ["path"] = "/", ["port"] = 8081 },
                                ["periodSeconds"] = 10,
                            },
                            ["resources"] = spec.Profile == AgentProfile.Edge
                                ? Manifest.Resources("10m", "32Mi", "128Mi")
                                : Manifest.Resources("50m", "64Mi", "256Mi"),
                            ["securityContext"] = Manifest.RestrictedSecurityContext(),
                        }),
                    },
                },
            },
        });
    }

    private static JsonObject Rule(string group, string[] resources, params string[] verbs) => new()
    {
        ["apiGroups"] = Manifest.Array(group),
        ["resources"] = Manifest.Strings(resources),
        ["verbs"] = Manifest.Strings(verbs),
    };

    private static JsonObject ClusterRole(string name, JsonArray rules, string? component = null) =>
        Manifest.Object("rbac.authorization.k8s.io/v1", "ClusterRole", name, null, component ?? name, new JsonObject { ["rules"] = rules });

    private static JsonObject ClusterRoleBinding(string name, string? component = null) =>
        Manifest.Object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", name, null, component ?? name, new JsonObject
        {
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = name },
            ["subjects"] = Manifest.Array(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = ManagedLabels.Namespace }),
        });
}
