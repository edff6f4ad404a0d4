using System.Globalization;

namespace Mla.KafkaMock;

/// <summary>The command line of the mock broker process.</summary>
internal sealed record MockKafkaArguments(int BrokerCount, IReadOnlyList<MockKafkaTopic> Topics, bool ExitOnStdinEof)
{
    internal const string Usage =
        "usage: Mla.KafkaMock [--brokers N] [--topic name:partitions]... [--exit-on-stdin-eof]";

    /// <summary>Parses the arguments; throws an <see cref="ArgumentException"/> whose message names the bad one.</summary>
    internal static MockKafkaArguments Parse(IReadOnlyList<string> args)
    {
        var brokers = 1;
        var topics = new List<MockKafkaTopic>();
        var exitOnStdinEof = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--brokers":
                    var count = ValueOf(args, ref i);
                    if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out brokers) || brokers < 1)
                    {
                        throw new ArgumentException($"--brokers: '{count}' is not a whole number of at least 1.");
                    }

                    break;
                case "--topic":
                    topics.Add(ParseTopic(ValueOf(args, ref i)));
                    break;
                case "--exit-on-stdin-eof":
                    exitOnStdinEof = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        var arguments = new MockKafkaArguments(brokers, topics, exitOnStdinEof);
        try
        {
            arguments.ToOptions().Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--topic: {ex.Message}", ex);
        }

        return arguments;
    }

    internal MockKafkaClusterOptions ToOptions() => new() { BrokerCount = BrokerCount, Topics = Topics };

    private static string ValueOf(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static MockKafkaTopic ParseTopic(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partitions))
        {
            throw new ArgumentException($"--topic: '{value}' is not name:partitions (for example orders:3).");
        }

        return new MockKafkaTopic(value[..colon], partitions);
    }
}
