namespace Mla.Gateway.Logs;

/// <summary>Why log entries were not taken: the <c>reason</c> label of <c>mla_gateway_log_entries_rejected_total</c>.</summary>
public static class LogRejectReasons
{
    // A stream is rejected (the request's other streams are kept).
    public const string InvalidLabels = "invalid_labels";
    public const string MissingLabels = "missing_labels";
    public const string DuplicateLabelNames = "duplicate_label_names";
    public const string TooManyLabelNames = "too_many_label_names";
    public const string LabelNameTooLong = "label_name_too_long";
    public const string LabelValueTooLong = "label_value_too_long";

    // An entry is rejected (the stream's other entries are kept).
    public const string LineTooLong = "line_too_long";
    public const string EntryTooOld = "entry_too_old";
    public const string EntryTooFarInFuture = "entry_too_far_in_future";
    public const string StructuredMetadataTooLarge = "structured_metadata_too_large";
    public const string InvalidStructuredMetadata = "invalid_structured_metadata";

    // The whole request is rejected.
    public const string RateLimited = "rate_limited";
    public const string KafkaUnavailable = "kafka_unavailable";
    public const string EntryTooLarge = "entry_too_large";
}
