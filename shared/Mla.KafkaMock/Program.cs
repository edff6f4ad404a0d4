using Mla.KafkaMock;

// dotnet Mla.KafkaMock.dll [--brokers N] [--topic name:partitions]... [--exit-on-stdin-eof]
return MockKafkaHost.Run(args);
