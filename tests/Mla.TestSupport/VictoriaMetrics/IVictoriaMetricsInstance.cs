using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>One of the three ways to have VictoriaMetrics (environment address, container, local package).</summary>
internal interface IVictoriaMetricsInstance : IRestartableInstance
{
    /// <summary>The HTTP root, e.g. <c>http://127.0.0.1:8428/</c>; the same after a restart.</summary>
    Uri BaseUri { get; }
}
