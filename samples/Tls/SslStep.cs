namespace TicketKeys.Samples.Tls;

/// <summary>The outcome of one non-blocking OpenSSL call: done, waiting for the peer, or failed with a reason.</summary>
internal readonly record struct SslStep(bool Done, string? Error)
{
    internal static SslStep Finished => new(true, null);

    internal static SslStep Waiting => new(false, null);

    internal bool Failed => Error is not null;

    internal static SslStep Failure(string error) => new(false, error);
}
