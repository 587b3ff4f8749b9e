namespace Migration.ManPage;

/// <summary>The man page's key: "a name, an aes_key, a hmac_key and optionally an expire time" (Unix seconds).</summary>
internal sealed class ManPageKey
{
    public byte[] Name { get; } = new byte[16];

    public byte[] AesKey { get; } = new byte[16];

    public byte[] HmacKey { get; } = new byte[16];

    public long Expire { get; init; }
}
