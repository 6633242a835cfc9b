using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Rpyc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Our rpyc server against the real rpyc (Debian python3-rpyc 5.3): a Python user's calls of every service, and the
/// original RPyC project's menu clients' calls against its three services, printed as those clients printed them.
/// </summary>
public sealed class RpycPythonClientTests
{
    [PeerFact(Peer.PythonRpyc)]
    public async Task A_python_user_calls_every_service_through_conn_root()
    {
        Peers.EnsureAvailable(Peer.PythonRpyc);
        await using var server = await TestServer.StartAsync("rpyc");
        await using var peer = Peers.Start(Peer.PythonRpyc, "python/rpyc_client.py", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await peer.WaitForExitAsync() == 0, peer.Describe());
        using var document = JsonDocument.Parse(peer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last());
        var seen = document.RootElement;

        Assert.Equal("olleh", seen.GetProperty("reverse").GetString());
        Assert.Equal("😀€bña", seen.GetProperty("unicode").GetString());
        Assert.Equal(["hi #1", "hi #2", "hi #3"], seen.GetProperty("repeat").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["k #1", "k #2"], seen.GetProperty("repeat_kw").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("a b c", seen.GetProperty("collect").GetString());
        Assert.Equal(["eno", "owt"], seen.GetProperty("chat").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("later", seen.GetProperty("async").GetString());
        Assert.Equal("Ada", seen.GetProperty("created").GetProperty("name").GetString());
        Assert.Equal("{'id': '1', 'name': 'John Doe', 'email': 'john.doe@example.com'}", seen.GetProperty("user_repr").GetString());
        Assert.Equal("Ada L", seen.GetProperty("updated").GetString());
        Assert.Equal([5, 7, 9], seen.GetProperty("sum").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(3.5, seen.GetProperty("add").GetDouble());
        Assert.Equal("done", seen.GetProperty("job_state").GetString());
        Assert.Equal([7, 8, 9], seen.GetProperty("job_sorted").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(5000, seen.GetProperty("uploaded").GetProperty("size").GetInt32());
        Assert.Equal(5000, seen.GetProperty("downloaded").GetInt32());
        Assert.Equal("ko", seen.GetProperty("after").GetString());

        var errors = seen.GetProperty("errors");
        AssertError(errors, "not_found", "LookupError", "NotFound", "999");
        AssertError(errors, "invalid", "ValueError", "InvalidArgument", "name");
        AssertError(errors, "wrong_type", "TypeError", "InvalidArgument", "must be str, not int");
        AssertError(errors, "missing_argument", "TypeError", "InvalidArgument", "message");
        AssertError(errors, "unknown_method", "AttributeError", "Unimplemented", "nope");
        AssertError(errors, "download_missing", "LookupError", "NotFound", "missing.bin");
        var calls = await server.WaitForCallsAsync(c => c.Transport == "rpyc" && c.Status != RpcStatusCode.OK, count: 6);
        Assert.Contains(calls, c => c.Method == "echo.nope" && c.Status == RpcStatusCode.Unimplemented);
    }

    [PeerFact(Peer.PythonRpyc)]
    public async Task The_original_part_1_client_uploads_renames_deletes_through_async_and_reads_download_as_a_dict()
    {
        var printed = await RunOriginalAsync(1, "files1");

        Assert.Equal(
            [
                "upload: File uploaded successfully",
                "Files on server: ['notes.txt']",
                "Downloaded 31 bytes",
                "File not found",
                "rename: Renamed file successfully",
                "rename: The file does not exist",
                "Files on server: ['renamed.txt']",
                "delete: File Deleted successfully",
                "delete: The file does not exist",
                "Files on server: []",
            ],
            printed);
    }

    [PeerFact(Peer.PythonRpyc)]
    public async Task The_original_part_2_sync_client_uploads_updates_and_deletes()
    {
        var printed = await RunOriginalAsync(2, "files2");

        Assert.Equal(
            [
                "File uploaded successfully",
                "File updated successfully",
                "Files on server: ['sync.txt']",
                "File Deleted successfully",
                "The file does not exist",
                "Files on server: []",
            ],
            printed);
    }

    [PeerFact(Peer.PythonRpyc)]
    public async Task The_original_part_3_client_sums_ints_and_sorts_strings_printed_with_f_strings()
    {
        var printed = await RunOriginalAsync(3, "compute");

        Assert.Equal(
            [
                "Sum: 5",
                "Sum: 12345678901234567891",
                "Sort array: ['1', '10', '2', '9', 'a', 'b']",
                "sum result: 42",
                "sort result: ['100', '20', '3']",
            ],
            printed);
    }

    private static void AssertError(JsonElement errors, string name, string className, string status, string inMessage)
    {
        var error = errors.GetProperty(name);
        Assert.Equal(className, error.GetProperty("class").GetString());
        Assert.Equal(status, error.GetProperty("status").GetString());
        Assert.Contains(inMessage, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string[]> RunOriginalAsync(int part, string original)
    {
        Peers.EnsureAvailable(Peer.PythonRpyc);
        var folder = Directory.CreateTempSubdirectory("rpclab-original-rpyc-");
        try
        {
            await using var server = await TestServer.StartAsync(new RpycTransport(new RpycOptions { Original = original }));
            await using var peer = Peers.Start(
                Peer.PythonRpyc, "python/original_rpyc_client.py", "--part", $"{part}", "--host", server.Host, "--port", $"{server.Port}", "--folder", folder.FullName);
            Assert.True(await peer.WaitForExitAsync() == 0, peer.Describe());
            return peer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
