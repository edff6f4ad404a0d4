using Mla.Hosting;
using Mla.Webhooks;

return await MlaProgram.RunAsync("webhooks", args, builder => builder.AddWebhooksService(), app => app.MapWebhooksService());
