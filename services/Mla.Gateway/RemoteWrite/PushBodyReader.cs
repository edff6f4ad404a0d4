using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Mla.Gateway.Limits;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// Reads the compressed body into an array of its exact size (it becomes the Kafka record as it is when every
/// series is valid), within <c>MaxBodyBytes</c>, reserving its bytes in the in-flight budget before reading.
/// </summary>
public static class PushBodyReader
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<BodyRead> ReadAsync(HttpContext context, int maxBytes, InFlightBudget budget)
    {
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = maxBytes + 1L;
        }

        var request = context.Request;
        if (request.ContentLength is { } declared)
        {
            if (declared == 0)
            {
                return BodyRead.Failed(StatusCodes.Status400BadRequest, "empty_body", "the body is empty");
            }

            if (declared > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            if (!budget.TryReserve(declared))
            {
                return new BodyRead(null, 0, PushPreparer.InFlightFull());
            }

            var body = new byte[declared];
            var read = await ReadGuardedAsync(() => request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, context.RequestAborted));
            if (read.Failure is not null || read.Count < declared)
            {
                budget.Release(declared);
                return read.Failure ?? BodyRead.Failed(StatusCodes.Status400BadRequest, "truncated_body", $"the body ended after {read.Count} of {declared} bytes");
            }

            return new BodyRead(body, declared, null);
        }

        return await ReadChunkedAsync(context, maxBytes, budget);
    }

    private static async Task<BodyRead> ReadChunkedAsync(HttpContext context, int maxBytes, InFlightBudget budget)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long reserved = 0;
        var length = 0;
        try
        {
            while (true)
            {
                if (buffer.Length - length < ChunkSize / 2)
                {
                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + ChunkSize));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                if (!budget.TryReserve(buffer.Length - reserved))
                {
                    return new BodyRead(null, 0, PushPreparer.InFlightFull());
                }

                reserved = buffer.Length;
                var read = await ReadGuardedAsync(() => context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted));
                if (read.Failure is not null)
                {
                    return read.Failure;
                }

                if (read.Count == 0)
                {
                    break;
                }

                length += read.Count;
                if (length > maxBytes)
                {
                    return TooLarge(maxBytes);
                }
            }

            if (length == 0)
            {
                return BodyRead.Failed(StatusCodes.Status400BadRequest, "empty_body", "the body is empty");
            }

            // Keep only the body's own size reserved.
            budget.Release(reserved - length);
            reserved = length;
            var body = buffer.AsSpan(0, length).ToArray();
            var result = new BodyRead(body, reserved, null);
            reserved = 0;
            return result;
        }
        finally
        {
            budget.Release(reserved);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<(int Count, BodyRead? Failure)> ReadGuardedAsync(Func<ValueTask<int>> read)
    {
        try
        {
            return (await read(), null);
        }
        catch (BadHttpRequestException ex)
        {
            var status = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ex.StatusCode : StatusCodes.Status400BadRequest;
            return (0, BodyRead.Failed(status, status == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : "bad_request", ex.Message));
        }
    }

    private static BodyRead TooLarge(int maxBytes) => BodyRead.Failed(
        StatusCodes.Status413PayloadTooLarge, "body_too_large", $"the body is larger than the limit of {maxBytes} bytes (Mla:Gateway:MaxBodyBytes)");
}
