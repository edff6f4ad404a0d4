namespace Mla.Gateway.Validation;

/// <summary>Why samples were not taken; <see cref="RejectReasons.Label"/> gives the metric label value.</summary>
public enum RejectReason
{
    None = 0,

    // A series is rejected (the others of the request are kept).
    MissingMetricName,
    InvalidMetricName,
    InvalidLabelName,
    EmptyLabelValue,
    InvalidLabelValue,
    LabelNameTooLong,
    LabelValueTooLong,
    TooManyLabelNames,
    DuplicateLabelNames,
    LabelsNotSorted,
    SampleTooOld,
    SampleTooFarInFuture,

    // The whole request is rejected.
    TooManySeries,
    RateLimited,
    InFlightLimit,
    KafkaUnavailable,
    SeriesTooLarge,
}
