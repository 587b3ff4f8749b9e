using System;
using System.IO;

namespace TicketKeys;

/// <summary>A key store could not be read or held keys that cannot be used; the message names the store and the problem, never key bytes.</summary>
public sealed class TicketKeyStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TicketKeyStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the store, entry and field.</param>
    public TicketKeyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the store, entry and field.</param>
    /// <param name="innerException">The store client's error.</param>
    public TicketKeyStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
