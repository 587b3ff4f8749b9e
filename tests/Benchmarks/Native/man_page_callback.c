/*
 * The reference ticket callback of the SSL_CTX_set_tlsext_ticket_key_cb man page, written out in C with its bugs
 * fixed, as the baseline the generated callback is measured against:
 *   - RAND_bytes succeeds with 1 (the man page treats success as failure);
 *   - AES-256-CBC with a 32-byte HMAC key (the man page pairs AES-128 with a 16-byte HMAC key);
 *   - the renewal branch can run (the man page's condition never holds), and TLS 1.3 resumptions are renewed, as the
 *     generated provider does by default, so that both sides do the same work.
 * Like the man page, it looks the cipher and digest up on every call; an EVP_MAC variant (OpenSSL 3's
 * SSL_CTX_set_tlsext_ticket_key_evp_cb, set up as that man page's example does) sits beside the HMAC_CTX one.
 * Also a harness that calls any ticket callback through its function pointer with real cipher and MAC contexts.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#define RENEW_TIME (12 * 60 * 60)

struct ticket_key {
    unsigned char name[16];
    unsigned char aes_key[32];
    unsigned char hmac_key[32];
    time_t expire;
};

static struct ticket_key the_key;

static struct ticket_key *currentkey(void) { return &the_key; }

static struct ticket_key *findkey(const unsigned char name[16])
{
    return memcmp(name, the_key.name, 16) == 0 ? &the_key : NULL;
}

/* Makes the one key: random bytes, valid for a day. Its name is copied to name_out. */
int mancb_make_key(unsigned char name_out[16])
{
    if (RAND_bytes((unsigned char *)&the_key, 16 + 32 + 32) != 1)
        return 0;
    the_key.expire = time(NULL) + 24 * 60 * 60;
    memcpy(name_out, the_key.name, 16);
    return 1;
}

static int renew(SSL *s, const struct ticket_key *key)
{
    return key->expire - RENEW_TIME < time(NULL) || SSL_version(s) == TLS1_3_VERSION;
}

int mancb_legacy(SSL *s, unsigned char key_name[16], unsigned char *iv, EVP_CIPHER_CTX *ctx, HMAC_CTX *hctx, int enc)
{
    struct ticket_key *key;

    if (enc) {
        if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
            return -1;
        key = currentkey();
        if (key == NULL)
            return 0;
        memcpy(key_name, key->name, 16);
        if (EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key->aes_key, iv) != 1
            || HMAC_Init_ex(hctx, key->hmac_key, 32, EVP_sha256(), NULL) != 1)
            return -1;
        return 1;
    }

    key = findkey(key_name);
    if (key == NULL || key->expire < time(NULL))
        return 0;
    if (HMAC_Init_ex(hctx, key->hmac_key, 32, EVP_sha256(), NULL) != 1
        || EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key->aes_key, iv) != 1)
        return -1;
    return renew(s, key) ? 2 : 1;
}

static int set_mac_key(EVP_MAC_CTX *hctx, struct ticket_key *key)
{
    OSSL_PARAM params[3];

    params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key->hmac_key, 32);
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "sha256", 0);
    params[2] = OSSL_PARAM_construct_end();
    return EVP_MAC_CTX_set_params(hctx, params);
}

int mancb_evp(SSL *s, unsigned char key_name[16], unsigned char *iv, EVP_CIPHER_CTX *ctx, EVP_MAC_CTX *hctx, int enc)
{
    struct ticket_key *key;

    if (enc) {
        if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
            return -1;
        key = currentkey();
        if (key == NULL)
            return 0;
        memcpy(key_name, key->name, 16);
        if (EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key->aes_key, iv) != 1 || set_mac_key(hctx, key) != 1)
            return -1;
        return 1;
    }

    key = findkey(key_name);
    if (key == NULL || key->expire < time(NULL))
        return 0;
    if (set_mac_key(hctx, key) != 1 || EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key->aes_key, iv) != 1)
        return -1;
    return renew(s, key) ? 2 : 1;
}

/* Registers the callbacks on a server context, as an application would. */
int mancb_attach_legacy(SSL_CTX *ctx) { return (int)SSL_CTX_set_tlsext_ticket_key_cb(ctx, mancb_legacy); }

int mancb_attach_evp(SSL_CTX *ctx) { return SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, mancb_evp); }

typedef int (*legacy_callback)(SSL *, unsigned char *, unsigned char *, EVP_CIPHER_CTX *, HMAC_CTX *, int);
typedef int (*evp_callback)(SSL *, unsigned char *, unsigned char *, EVP_CIPHER_CTX *, EVP_MAC_CTX *, int);

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/*
 * Calls an EVP-style callback `calls` times with fresh-per-run cipher and MAC contexts, as OpenSSL would for each
 * ticket, offering `name` on the decrypt path (enc = 0). Returns the nanoseconds taken, or -1 when a call did not
 * answer `expected`.
 */
long long mancb_time_evp(evp_callback callback, SSL *ssl, const unsigned char name[16], int enc, int expected, int calls)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *hctx = EVP_MAC_CTX_new(mac);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    unsigned char key_name[16];
    unsigned char iv[EVP_MAX_IV_LENGTH] = {0};
    long long start, elapsed = -1;
    int i;

    if (hctx == NULL || ctx == NULL)
        goto done;
    start = now_ns();
    for (i = 0; i < calls; i++) {
        memcpy(key_name, name, 16);
        if (callback(ssl, key_name, iv, ctx, hctx, enc) != expected)
            goto done;
    }
    elapsed = now_ns() - start;
done:
    EVP_CIPHER_CTX_free(ctx);
    EVP_MAC_CTX_free(hctx);
    EVP_MAC_free(mac);
    return elapsed;
}

/* The same for HMAC_CTX-style callbacks. */
long long mancb_time_legacy(legacy_callback callback, SSL *ssl, const unsigned char name[16], int enc, int expected, int calls)
{
    HMAC_CTX *hctx = HMAC_CTX_new();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    unsigned char key_name[16];
    unsigned char iv[EVP_MAX_IV_LENGTH] = {0};
    long long start, elapsed = -1;
    int i;

    if (hctx == NULL || ctx == NULL)
        goto done;
    start = now_ns();
    for (i = 0; i < calls; i++) {
        memcpy(key_name, name, 16);
        if (callback(ssl, key_name, iv, ctx, hctx, enc) != expected)
            goto done;
    }
    elapsed = now_ns() - start;
done:
    EVP_CIPHER_CTX_free(ctx);
    HMAC_CTX_free(hctx);
    return elapsed;
}
