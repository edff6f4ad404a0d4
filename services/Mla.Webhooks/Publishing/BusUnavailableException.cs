namespace Mla.Webhooks.Publishing;

/// <summary>The broker did not confirm a publish in time; the sender is told 503 and retries.</summary>
public sealed class BusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
