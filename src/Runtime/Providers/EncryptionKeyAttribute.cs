using System;

namespace TicketKeys;

/// <summary>
/// Marks the provider method that chooses the key new tickets are encrypted with:
/// <c>TicketKey? Method()</c>, returning <see langword="null"/> to issue no ticket.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class EncryptionKeyAttribute : Attribute
{
}
