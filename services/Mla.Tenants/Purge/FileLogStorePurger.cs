namespace Mla.Tenants.Purge;

/// <summary>
/// Purges a tenant from the writer's file log store: deletes <c>&lt;Directory&gt;/&lt;tenant&gt;/</c> and verifies
/// that it is gone. A tenant id that is not a plain directory name has nothing there (the writer never writes one).
/// </summary>
internal sealed class FileLogStorePurger(string directory) : IStorePurger
{
    public Task<PurgeResult> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var root = Path.GetFullPath(directory);
        if (tenantId.Length == 0 || tenantId is "." or ".." || !tenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Task.FromResult(new PurgeResult(true, $"'{tenantId}' cannot name a directory under {root}: nothing stored"));
        }

        var tenantDirectory = Path.Combine(root, tenantId);
        try
        {
            var files = Directory.Exists(tenantDirectory) ? Directory.GetFiles(tenantDirectory, "*", SearchOption.AllDirectories).Length : 0;
            if (files > 0 || Directory.Exists(tenantDirectory))
            {
                Directory.Delete(tenantDirectory, recursive: true);
            }

            return Task.FromResult(Directory.Exists(tenantDirectory)
                ? new PurgeResult(false, $"{tenantDirectory} is still there")
                : new PurgeResult(true, $"deleted {files} files under {tenantDirectory}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreRequestException($"deleting {tenantDirectory}: {ex.Message}");
        }
    }
}
