namespace TicketKeys;

/// <summary>Whether key files (and key folders) are checked for POSIX permissions before they are read.</summary>
public enum KeyFilePermissions
{
    /// <summary>
    /// As ssh does for private keys: refuse key files readable or writable by group or others, and key folders writable
    /// by them (anyone who can plant a key file can forge tickets). The default; not applied on Windows.
    /// </summary>
    Enforce = 0,

    /// <summary>Read whatever the modes say: for file systems without POSIX modes (some network shares, FAT).</summary>
    Ignore = 1,
}
