using Mla.TestSupport.Alerting;
using Mla.TestSupport.RabbitMq;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Rules;

/// <summary>
/// The real servers of the rules tests, shared by the collection: VictoriaMetrics, an Alertmanager, a vmalert
/// that queries and records into that VictoriaMetrics and notifies that Alertmanager, and a RabbitMQ of their own
/// (the rules service's queues have fixed names). Tests isolate by unique tenant ids.
/// </summary>
public sealed class RulesServers : IAsyncLifetime
{
    private VictoriaMetricsServer? _victoriaMetrics;
    private AlertmanagerServer? _alertmanager;
    private VmAlertServer? _vmalert;
    private RabbitMqServer? _rabbitMq;

    public VictoriaMetricsServer VictoriaMetrics => _victoriaMetrics ?? throw new InvalidOperationException("not initialised");

    public AlertmanagerServer Alertmanager => _alertmanager ?? throw new InvalidOperationException("not initialised");

    public VmAlertServer VmAlert => _vmalert ?? throw new InvalidOperationException("not initialised");

    public RabbitMqServer RabbitMq => _rabbitMq ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        var broker = RabbitMqServer.StartAsync(ownInstance: true);
        _victoriaMetrics = await VictoriaMetricsServer.StartAsync(ownInstance: true);
        _alertmanager = await AlertmanagerServer.StartAsync();
        _vmalert = await VmAlertServer.StartAsync(_victoriaMetrics.BaseUri, _alertmanager.BaseUri);
        _rabbitMq = await broker;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new IAsyncDisposable?[] { _vmalert, _alertmanager, _victoriaMetrics, _rabbitMq })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
