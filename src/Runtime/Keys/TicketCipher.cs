namespace TicketKeys;

/// <summary>The cipher that encrypts ticket contents. The MAC is always HMAC-SHA256.</summary>
public enum TicketCipher
{
    /// <summary>AES-256-CBC with a 32-byte key (the default).</summary>
    Aes256Cbc = 0,

    /// <summary>AES-128-CBC with a 16-byte key, as in nginx's 48-byte key files.</summary>
    Aes128Cbc = 1,
}
