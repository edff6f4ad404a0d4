using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Push;

/// <summary>
/// What differs between the push routes (remote write, Loki push) inside the one <see cref="PushPipeline"/>: the
/// header checks, and the middle of a request — decode and validate the body, pack it into records, take it from the
/// tenant's rate, produce it to the signal's topic.
/// </summary>
public interface IPushSignal
{
    /// <summary>The refusal log line's subject ("Push", "Log push").</summary>
    string Subject { get; }

    /// <summary>The refusal for headers this signal cannot take (before the body is read), or null.</summary>
    PushResponse? CheckHeaders(HttpRequest request);

    /// <summary>
    /// Decode, validate, pack and produce an authenticated tenant's body; the answer and when librdkafka lets go of
    /// the records (the body's in-flight bytes stay reserved until then).
    /// </summary>
    Task<SignalOutcome> ProcessAsync(HttpRequest request, byte[] body, Tenant tenant, DateTimeOffset receivedAt);
}
