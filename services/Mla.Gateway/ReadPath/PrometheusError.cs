namespace Mla.Gateway.ReadPath;

/// <summary>
/// The Prometheus HTTP API's error envelope (<c>{"status":"error","errorType":…,"error":…}</c>), which Grafana shows
/// to the user; Prometheus answers a query it cannot execute (e.g. too many samples) with 422 and <c>execution</c>
/// (https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview).
/// </summary>
public sealed record PrometheusError(string Status, string ErrorType, string Error)
{
    public static PrometheusError Execution(string error) => new("error", "execution", error);
}
