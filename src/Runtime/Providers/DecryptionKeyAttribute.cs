using System;

namespace TicketKeys;

/// <summary>
/// Marks the provider method that finds the key a presented ticket was issued under:
/// <c>TicketKeyLookup Method(ReadOnlySpan&lt;byte&gt; keyName)</c>, where the name is the ticket's 16-byte key name.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DecryptionKeyAttribute : Attribute
{
}
