using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TicketKeys.Net;

/// <summary>
/// The only code that touches .NET's internals: <c>SslStream._securityContext</c>, which on Linux holds the connection's
/// <c>SafeSslHandle</c> (a <see cref="SafeHandle"/> over the <c>SSL*</c>). Checked on .NET 8.0 and 10.0. These are not
/// API: a servicing release may rename them, so the shape is checked before use and a mismatch makes the bridge inert.
/// The <c>SSL_CTX*</c> comes from <c>SSL_get_SSL_CTX</c> through TicketKeys' own binding, not from a second internal.
/// </summary>
internal sealed class SslStreamInternals
{
    /// <summary>The field of <see cref="SslStream"/> that holds the security context.</summary>
    public const string SecurityContextField = "_securityContext";

    /// <summary>The type that context has where <see cref="SslStream"/> runs on OpenSSL.</summary>
    public const string SslHandleTypeName = "Microsoft.Win32.SafeHandles.SafeSslHandle";

#if !NET10_0_OR_GREATER
    // .NET 8 has no UnsafeAccessorType, and the field's type is internal: reflection, kept by the trimmer because the
    // field is named through typeof(SslStream) and a constant.
    private static readonly FieldInfo? SslStreamSecurityContext =
        typeof(SslStream).GetField(SecurityContextField, BindingFlags.Instance | BindingFlags.NonPublic);
#endif

    private Type? _sslHandleType;

    /// <summary>Checks <paramref name="streamType"/>'s shape; use <see cref="Current"/> for <see cref="SslStream"/>.</summary>
    public SslStreamInternals([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicFields)] Type streamType)
    {
        ArgumentNullException.ThrowIfNull(streamType);
        Problem = FindProblem(streamType);
    }

    /// <summary>The shape of this process's <see cref="SslStream"/>.</summary>
    public static SslStreamInternals Current { get; } = new(typeof(SslStream));

    /// <summary>Why the internals cannot be used here, or null when their shape is the known one.</summary>
    public string? Problem { get; }

    /// <summary>
    /// The <c>SafeSslHandle</c> of an authenticated stream; null with <paramref name="problem"/> set when the shape
    /// differs (the field holds another type, or nothing).
    /// </summary>
    public SafeHandle? ReadSslHandle(SslStream stream, out string? problem)
    {
        problem = Problem;
        if (problem is not null)
        {
            return null;
        }

        object? context = ReadSecurityContext(stream);
        Type? type = context?.GetType();
        if (type is not null && type == _sslHandleType)
        {
            return (SafeHandle)context!;
        }

        if (context is SafeHandle handle && type!.FullName == SslHandleTypeName)
        {
            _sslHandleType = type;
            return handle;
        }

        problem = context is null
            ? $"SslStream.{SecurityContextField} is empty on an authenticated stream."
            : $"SslStream.{SecurityContextField} holds a {type!.FullName}, not a {SslHandleTypeName} (SslStream does not run on OpenSSL here).";
        return null;
    }

    private static string? FindProblem([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicFields)] Type streamType)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD())
        {
            return $"SslStream does not use OpenSSL on {RuntimeInformation.OSDescription}.";
        }

        FieldInfo? field = streamType.GetField(SecurityContextField, BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null)
        {
            return $"{streamType.FullName} has no field {SecurityContextField} on {RuntimeInformation.FrameworkDescription}.";
        }

        if (!typeof(SafeHandle).IsAssignableFrom(field.FieldType))
        {
            return $"{streamType.FullName}.{SecurityContextField} is a {field.FieldType.FullName}, not a SafeHandle, on {RuntimeInformation.FrameworkDescription}.";
        }

        return streamType == typeof(SslStream) || typeof(SslStream).IsAssignableFrom(streamType)
            ? null
            : $"{streamType.FullName} is not an SslStream.";
    }

#if NET10_0_OR_GREATER
    private static object? ReadSecurityContext(SslStream stream) => SecurityContext(stream);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = SecurityContextField)]
    [return: UnsafeAccessorType("System.Net.Security.SafeDeleteSslContext, System.Net.Security")]
    private static extern ref object? SecurityContext(SslStream stream);
#else
    private static object? ReadSecurityContext(SslStream stream) => SslStreamSecurityContext?.GetValue(stream);
#endif
}
