using Mla.Gateway;
using Mla.Hosting;

return await MlaProgram.RunAsync("gateway", args, b => b.AddGatewayService(), a => a.MapGatewayService());
