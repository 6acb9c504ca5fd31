using System.Net;
using System.Net.Sockets;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback port nobody listens on, for a server a test starts later. Taken below Linux's ephemeral range
/// (32768–60999): a port the kernel hands out there (bind to 0) can become any outgoing connection's source port before
/// the test's server binds it, which made a node of the cluster test fail with "address already in use". Each process
/// starts at a random place in the range and walks on, so parallel test assemblies rarely meet.
/// </summary>
internal static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: try the next one
            }
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }
}
