namespace Mla.IntegrationTests.Rules;

/// <summary>The rules tests against real vmalert, Alertmanager, VictoriaMetrics and RabbitMQ: one at a time, on <see cref="RulesServers"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RulesCollection : ICollectionFixture<RulesServers>
{
    public const string Name = "Rules on vmalert and Alertmanager";
}
