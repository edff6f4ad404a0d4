namespace Mla.TestSupport.Processes;

/// <summary>The end of a log file, for the message of a failed start.</summary>
public static class LogTail
{
    public static string Read(string path, int lines = 40)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- last lines of {path}:\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"--- {path}: {e.Message}";
        }
    }
}
