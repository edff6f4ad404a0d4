namespace Mla.KafkaMock;

/// <summary>A topic to create on the mock cluster (replication factor 1).</summary>
/// <param name="Name">Kafka topic name: 1–249 characters of <c>[a-zA-Z0-9._-]</c>.</param>
/// <param name="Partitions">Number of partitions, at least 1.</param>
public sealed record MockKafkaTopic(string Name, int Partitions)
{
    private const int MaxNameLength = 249;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the topic when it is not valid for Kafka.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > MaxNameLength || Name is "." or ".." || !Name.All(IsLegal))
        {
            throw new ArgumentException(
                $"Topic name '{Name}' is not valid: use 1-{MaxNameLength} characters of [a-zA-Z0-9._-], not '.' or '..'.");
        }

        if (Partitions < 1)
        {
            throw new ArgumentException($"Topic '{Name}' needs at least 1 partition, not {Partitions}.");
        }
    }

    private static bool IsLegal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
