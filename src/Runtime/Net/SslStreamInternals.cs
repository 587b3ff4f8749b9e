using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace TicketKeys.Net;

/// <summary>
/// The only code that touches .NET's internals: <c>SslStream._securityContext</c>, which on Linux holds the connection's
/// <c>SafeSslHandle</c> (a <see cref="SafeHandle"/> over the <c>SSL*</c>). Checked on .NET 8.0 and 10.0. These are not
/// API: a servicing release may rename them, so the shape is checked before use and a mismatch makes the bridge inert.
/// The <c>SSL_CTX*</c> comes from <c>SSL_get_SSL_CTX</c> through TicketKeys' own binding, not from a second internal.
/// </summary>
/// <remarks>
/// Read by reflection on every target: the field's type (<c>SafeDeleteSslContext</c>) is internal, and
/// <c>[UnsafeAccessor]</c> needs a field's exact type; .NET 10's <c>UnsafeAccessorType</c> covers methods but not fields
/// ("Invalid usage of UnsafeAccessorTypeAttribute": dotnet/runtime removed field access through it for type safety),
/// and <c>SslStream</c> has no method that returns the context. The field is named through a constant and a type the
/// trimmer sees (<see cref="DynamicallyAccessedMembersAttribute"/>), so trimming and NativeAOT keep it; reading a
/// reference-typed field allocates nothing.
/// </remarks>
internal sealed class SslStreamInternals
{
    /// <summary>The field of <see cref="SslStream"/> that holds the security context.</summary>
    public const string SecurityContextField = "_securityContext";

    /// <summary>The type that context has where <see cref="SslStream"/> runs on OpenSSL.</summary>
    public const string SslHandleTypeName = "Microsoft.Win32.SafeHandles.SafeSslHandle";

    private readonly FieldInfo? _securityContext;
    private Type? _sslHandleType;

    /// <summary>Checks <paramref name="streamType"/>'s shape; use <see cref="Current"/> for <see cref="SslStream"/>.</summary>
    public SslStreamInternals([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicFields)] Type streamType)
    {
        ArgumentNullException.ThrowIfNull(streamType);
        _securityContext = streamType.GetField(SecurityContextField, BindingFlags.Instance | BindingFlags.NonPublic);
        Problem = FindProblem(streamType, _securityContext);
    }

    /// <summary>The shape of this process's <see cref="SslStream"/>.</summary>
    public static SslStreamInternals Current { get; } = new(typeof(SslStream));

    /// <summary>Why the internals cannot be used here, or null when their shape is the known one.</summary>
    public string? Problem { get; }

    /// <summary>
    /// The <c>SafeSslHandle</c> of an authenticated stream; null with <paramref name="problem"/> set when the shape
    /// differs (the field holds another type), or null without a problem when the stream has been closed meanwhile.
    /// </summary>
    public SafeHandle? ReadSslHandle(SslStream stream, out string? problem)
    {
        problem = Problem;
        if (problem is not null)
        {
            return null;
        }

        object? context = _securityContext!.GetValue(stream);
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

        // Empty when the stream was closed after its caller saw it authenticated: no verdict on the shape.
        problem = context is null
            ? null
            : $"SslStream.{SecurityContextField} holds a {type!.FullName}, not a {SslHandleTypeName} (SslStream does not run on OpenSSL here).";
        return null;
    }

    private static string? FindProblem(Type streamType, FieldInfo? field)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD())
        {
            return $"SslStream does not use OpenSSL on {RuntimeInformation.OSDescription}.";
        }

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
}
