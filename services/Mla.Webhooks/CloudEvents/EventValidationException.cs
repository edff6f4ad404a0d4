namespace Mla.Webhooks.CloudEvents;

/// <summary>An inbound event is not acceptable; <see cref="Field"/> names the JSON path, e.g. <c>[2].data.id</c>.</summary>
public sealed class EventValidationException(string field, string detail)
    : Exception($"{field}: {detail}")
{
    public string Field { get; } = field;

    public string Detail { get; } = detail;
}
