using System.Net.Sockets;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// Whether the broker answers an AMQP 0-9-1 protocol header with its first frame (<c>connection.start</c>, a method
/// frame: type byte 1). A port that accepts TCP is not enough: right after a start the node can accept connections
/// and not yet answer them (measured: "connection.start was never received" within the client's 10 s).
/// </summary>
public static class AmqpProbe
{
    private static readonly byte[] ProtocolHeader = "AMQP"u8.ToArray().Concat(new byte[] { 0, 0, 9, 1 }).ToArray();

    public static async Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(ProtocolHeader, deadline.Token).ConfigureAwait(false);
            var first = new byte[1];
            return await stream.ReadAsync(first, deadline.Token).ConfigureAwait(false) == 1 && first[0] == 1;
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
