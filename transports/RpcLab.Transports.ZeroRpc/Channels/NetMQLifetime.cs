using NetMQ;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// NetMQ's global context (its I/O thread) is shared by every socket of the process, so
/// <see cref="NetMQConfig.Cleanup"/> may run only when the last zeroRPC server or client is gone: each one
/// acquires before creating its sockets and releases after disposing them, and the last release cleans up,
/// leaving no NetMQ thread behind. Any other NetMQ socket in the process (a test's raw socket) must hold a
/// reference too, or the cleanup would end its context under it. Thread-safe.
/// </summary>
internal static class NetMQLifetime
{
    private static readonly Lock Sync = new();
    private static int _users;

    public static void Acquire()
    {
        lock (Sync)
        {
            _users++;
        }
    }

    public static void Release()
    {
        lock (Sync)
        {
            if (--_users == 0)
            {
                // Not blocking: every socket is closed with zero linger already.
                NetMQConfig.Cleanup(block: false);
            }
        }
    }
}
