using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Property: whatever is done to a ticket (bit flips, truncation, extension, another key's name, replay under a revoked
/// or expired key), it never resumes, the handshake completes, and the callback counts it under the right reason.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class TamperedTicketProofs : IClassFixture<CertificateFixture>, IDisposable
{
    /// <summary>Mutations tried in CI; <c>TICKETKEYS_PROOF_MUTATIONS</c> tries more in a manual run.</summary>
    private const int DefaultMutations = 1000;

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly ServerCertificate _certificate;
    private readonly ITestOutputHelper _output;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TicketMetricsRecorder _metrics = new();
    private readonly List<IDisposable> _owned = [];

    public TamperedTicketProofs(CertificateFixture fixture, ITestOutputHelper output)
    {
        _certificate = fixture.Certificate;
        _output = output;
    }

    private enum Tampering
    {
        FlipBit,
        Truncate,
        Extend,
        OtherKeysName,
        ReplayRevoked,
        ReplayExpired,
    }

    public void Dispose()
    {
        _owned.Reverse();
        _owned.ForEach(owned => owned.Dispose());
        _metrics.Dispose();
    }

    [Fact]
    public void Tampered_and_replayed_tickets_never_resume_never_crash_and_are_counted_under_their_reason()
    {
        byte[] current = Secret(), other = Secret(), revoked = Secret(), expired = Secret();
        TicketKeyWindow valid = new(Now.AddHours(-1), Now.AddDays(1), Now.AddDays(1));
        TicketKeyRing ring = Own(TicketKeyRing.FromKeys(
            [KeyOf(current, valid), KeyOf(other, valid), KeyOf(revoked, valid), KeyOf(expired, new TicketKeyWindow(Now.AddDays(-3), Now.AddDays(-2), Now.AddDays(-1)))],
            _time));
        ring.Revoke(revoked.AsSpan(0, TicketKey.NameLength));

        var rigs = new List<(TicketServerRig Rig, Dictionary<Tampering, ClientSession> Tickets)>();
        foreach (object[] row in CallbackMatrix.All)
        {
            var version = (TlsVersion)row[0];
            var api = (TicketCallbackApi)row[1];
            TicketServerRig rig = Own(TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api)));
            ClientSession underCurrent = Own(rig.Connect().Session!);
            Assert.True(rig.Connect(underCurrent).Resumed, "the untampered ticket does not resume: the proof would prove nothing");
            rigs.Add((rig, new Dictionary<Tampering, ClientSession>
            {
                [Tampering.FlipBit] = underCurrent,
                [Tampering.ReplayRevoked] = IssueUnder(revoked, version, api),
                [Tampering.ReplayExpired] = IssueUnder(expired, version, api),
            }));
        }

        var tried = new ConcurrentDictionary<Tampering, int>();
        int mutations = int.TryParse(Environment.GetEnvironmentVariable("TICKETKEYS_PROOF_MUTATIONS"), out int requested) ? requested : DefaultMutations;
        Gen<(Tampering Tampering, int Rig, int Position, byte[] Extra)> mutationsGen =
            Gen.Select(Gen.Enum<Tampering>(), Gen.Int[0, rigs.Count - 1], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 64]);

        mutationsGen.Sample(
            mutation =>
            {
                (TicketServerRig rig, Dictionary<Tampering, ClientSession> tickets) = rigs[mutation.Rig];
                ClientSession original = mutation.Tampering switch
                {
                    Tampering.ReplayRevoked or Tampering.ReplayExpired => tickets[mutation.Tampering],
                    _ => tickets[Tampering.FlipBit],
                };
                byte[] ticket = Tamper(original.Ticket, mutation.Tampering, mutation.Position, mutation.Extra, other);
                string? expectedReason = mutation.Tampering switch
                {
                    Tampering.ReplayRevoked => "revoked",
                    Tampering.ReplayExpired => "expired",
                    Tampering.FlipBit when mutation.Position % (original.Ticket.Length * 8) < TicketKey.NameLength * 8 => "unknown_key",
                    _ => null,
                };
                long rejectedBefore = _metrics.Count("rejected");
                long reasonBefore = expectedReason is null ? 0 : _metrics.Count("rejected", expectedReason);

                using ClientSession tampered = SessionTicketRewriter.WithTicket(original, ticket);
                HandshakeResult result = MemoryHandshake.Connect(rig.Server, rig.Client, tampered);
                result.Session?.Dispose();

                Assert.True(result.Completed, $"{mutation.Tampering} broke the handshake: {result.Error}");
                Assert.False(result.Resumed, $"a ticket after {mutation.Tampering} resumed");
                if (expectedReason is null)
                {
                    // The callback accepted the key name (or never saw the ticket); OpenSSL's HMAC check refused it.
                    Assert.Equal(rejectedBefore, _metrics.Count("rejected"));
                }
                else
                {
                    Assert.Equal(reasonBefore + 1, _metrics.Count("rejected", expectedReason));
                    Assert.Equal(rejectedBefore + 1, _metrics.Count("rejected"));
                }

                tried.AddOrUpdate(mutation.Tampering, 1, (_, count) => count + 1);
            },
            iter: mutations,
            threads: 1);

        _output.WriteLine($"Tampered tickets: {tried.Values.Sum()} mutations tried, none resumed: "
            + string.Join(", ", tried.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.Equal(Enum.GetValues<Tampering>().Length, tried.Count);
    }

    private static byte[] Tamper(byte[] ticket, Tampering tampering, int position, byte[] extra, byte[] otherKey)
    {
        byte[] copy = [.. ticket];
        switch (tampering)
        {
            case Tampering.FlipBit:
                int bit = position % (copy.Length * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                return copy;
            case Tampering.Truncate:
                return copy[..(position % copy.Length)];
            case Tampering.Extend:
                return [.. copy, .. extra];
            case Tampering.OtherKeysName:
                otherKey.AsSpan(0, TicketKey.NameLength).CopyTo(copy);
                return copy;
            default:
                return copy;
        }
    }

    private static byte[] Secret() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(TicketKey.NameLength + 64);

    private static TicketKey KeyOf(byte[] secret, TicketKeyWindow window) =>
        TicketKey.Create(secret.AsSpan(0, 16), secret.AsSpan(16, 32), secret.AsSpan(48, 32), window);

    /// <summary>A ticket under <paramref name="secret"/>, issued by another server holding a valid copy of the key.</summary>
    private ClientSession IssueUnder(byte[] secret, TlsVersion version, TicketCallbackApi api)
    {
        TicketKeyRing issuing = Own(TicketKeyRing.FromKeys([KeyOf(secret, new TicketKeyWindow(Now.AddHours(-1), Now.AddDays(1), Now.AddDays(1)))], _time));
        TicketServerRig issuer = Own(TicketServerRig.Start(_certificate, version, context => issuing.AttachTo(context, api)));
        return Own(issuer.Connect().Session!);
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }
}
