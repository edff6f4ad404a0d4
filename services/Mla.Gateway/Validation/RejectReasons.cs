namespace Mla.Gateway.Validation;

public static class RejectReasons
{
    private static readonly string[] Labels =
    [
        "none",
        "missing_metric_name",
        "invalid_metric_name",
        "invalid_label_name",
        "empty_label_value",
        "invalid_label_value",
        "label_name_too_long",
        "label_value_too_long",
        "max_label_names_per_series",
        "duplicate_label_names",
        "labels_not_sorted",
        "sample_too_old",
        "sample_too_far_in_future",
        "max_series_per_request",
        "rate_limited",
        "inflight_limit",
        "kafka_unavailable",
        "series_too_large",
    ];

    public static int Count => Labels.Length;

    /// <summary>The reason as a metric label value (snake_case, like Mimir's discarded-samples reasons).</summary>
    public static string Label(RejectReason reason) => Labels[(int)reason];
}
