using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;

namespace Mla.Dapr.TestServer;

/// <summary>
/// gRPC descriptors of the sidecar's secret RPCs (service <c>dapr.proto.runtime.v1.Dapr</c>, CONTRACTS.md §6), made
/// here because Dapr.Protos compiles <c>dapr.proto</c> client-only; the message types are Dapr.Protos' own.
/// </summary>
internal static class DaprMethods
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public static readonly Method<GetSecretRequest, GetSecretResponse> GetSecret =
        Unary("GetSecret", GetSecretRequest.Parser, GetSecretResponse.Parser);

    public static readonly Method<GetBulkSecretRequest, GetBulkSecretResponse> GetBulkSecret =
        Unary("GetBulkSecret", GetBulkSecretRequest.Parser, GetBulkSecretResponse.Parser);

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name, Marshal(request), Marshal(response));

    private static Marshaller<T> Marshal<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
}
