namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>One cause of an Invalid or Forbidden status: <c>{reason, message, field}</c>.</summary>
public sealed record FieldCause(string Reason, string Message, string Field)
{
    public static FieldCause Required(string field, string detail = "") =>
        new("FieldValueRequired", "Required value" + (detail.Length > 0 ? ": " + detail : ""), field);

    public static FieldCause Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: {value}: {detail}", field);

    public static FieldCause Forbidden(string field, string detail) => new("FieldValueForbidden", "Forbidden: " + detail, field);

    /// <summary>How Kubernetes prints the cause after the field: <c>metadata.name: Required value</c>.</summary>
    public override string ToString() => $"{Field}: {Message}";
}
