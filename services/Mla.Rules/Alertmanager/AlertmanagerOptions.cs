namespace Mla.Rules.Alertmanager;

/// <summary>Section <c>Mla:Rules:Alertmanager</c>: the composed configuration file and the Alertmanager that reads it.</summary>
public sealed class AlertmanagerOptions
{
    /// <summary>The file the Alertmanager reads (<c>--config.file</c>); null turns the backend off (configurations then show Failed).</summary>
    public string? ConfigPath { get; set; }

    /// <summary>The Alertmanager's HTTP root, for <c>POST /-/reload</c> after a change; null: no reload.</summary>
    public Uri? Url { get; set; }

    /// <summary>The amtool binary that checks every composed configuration before it is written.</summary>
    public string AmtoolBinary { get; set; } = "/usr/bin/amtool";
}
