using System;
using System.Collections.Generic;

namespace TicketKeys;

/// <summary>One server's key file layout: how its bytes become keys and keys become its bytes.</summary>
internal interface ITicketKeyFileFormat
{
    TicketKeyFileFormat Format { get; }

    /// <summary>The name operators type (<c>nginx80</c>, <c>haproxy</c>, ...).</summary>
    string Name { get; }

    /// <summary>The layout in a few words, for error messages: sizes and field order.</summary>
    string Layout { get; }

    /// <summary>Why the format cannot hold these keys without weakening or losing one; null when it can.</summary>
    /// <param name="keys">The keys in preference order, the encrypting one first.</param>
    string? WhyCannotHold(IReadOnlyList<TicketKey> keys);

    /// <summary>The keys of a file, in the preference order of the server that reads it: the key it encrypts with first.</summary>
    /// <param name="contents">The whole file.</param>
    /// <param name="source">The file's path, for error messages.</param>
    /// <param name="window">The window of the encrypting key; other keys get it too, but are due for renewal at once.</param>
    /// <exception cref="TicketKeyFileException">The contents are not in this layout (the message names the file, and the byte count or line).</exception>
    IReadOnlyList<TicketKey> Parse(ReadOnlySpan<byte> contents, string source, TicketKeyWindow window);

    /// <summary>The file's bytes for keys that <see cref="WhyCannotHold"/> accepts; the caller zeroes them.</summary>
    byte[] Serialize(IReadOnlyList<TicketKey> keys);
}
