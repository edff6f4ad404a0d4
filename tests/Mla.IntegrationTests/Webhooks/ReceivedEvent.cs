using System.Text.Json;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>An integration event as it arrived on the broker: its message type name and the message JSON.</summary>
internal sealed record ReceivedEvent(string Type, string Exchange, JsonElement Message)
{
    public string EventId => Message.GetProperty("eventId").GetString()!;

    public string Source => Message.GetProperty("source").GetString()!;
}
