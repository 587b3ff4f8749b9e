using System;
using System.IO;

namespace TicketKeys;

/// <summary>
/// A ticket key file or key folder could not be used: missing, unreadable, of the wrong size, or holding no valid key.
/// The message names the path and, for a file of the wrong size, its byte count; it never contains key bytes.
/// </summary>
public sealed class TicketKeyFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the path.</param>
    /// <param name="filePath">The file or folder at fault.</param>
    public TicketKeyFileException(string message, string filePath)
        : base(message)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception with the I/O error that caused it.</summary>
    /// <param name="message">What is wrong, naming the path.</param>
    /// <param name="filePath">The file or folder at fault.</param>
    /// <param name="innerException">The underlying error.</param>
    public TicketKeyFileException(string message, string filePath, Exception innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file or folder at fault.</summary>
    public string FilePath { get; }
}
