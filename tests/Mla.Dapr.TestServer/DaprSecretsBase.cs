using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Mla.Dapr.TestServer;

/// <summary>
/// The secret half of Dapr's sidecar service, bound as the generated server code would be: grpc-dotnet requires the
/// handlers to override virtual methods of the type <c>BindService</c> names.
/// </summary>
[BindServiceMethod(typeof(DaprSecretsBase), nameof(BindService))]
internal abstract class DaprSecretsBase
{
    public static void BindService(ServiceBinderBase binder, DaprSecretsBase? service)
    {
        binder.AddMethod(DaprMethods.GetSecret, service is null ? null : service.GetSecret);
        binder.AddMethod(DaprMethods.GetBulkSecret, service is null ? null : service.GetBulkSecret);
    }

    public abstract Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context);

    public abstract Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context);
}
