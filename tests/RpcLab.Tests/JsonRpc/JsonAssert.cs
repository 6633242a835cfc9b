using System.Text.Json;

namespace RpcLab.Tests.JsonRpc;

/// <summary>Compares JSON by meaning: same members and values, member order free; for batch replies, element order free too.</summary>
public static class JsonAssert
{
    public static void SameMeaning(string expected, JsonElement actual, bool anyArrayOrder = false)
    {
        var want = JsonSerializer.Deserialize<JsonElement>(expected);
        if (anyArrayOrder && want.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal(want.GetArrayLength(), actual.GetArrayLength());
            var unmatched = actual.EnumerateArray().ToList();
            foreach (var item in want.EnumerateArray())
            {
                var match = unmatched.FindIndex(a => JsonElement.DeepEquals(item, a));
                Assert.True(match >= 0, $"expected element {item.GetRawText()} not found in {actual.GetRawText()}");
                unmatched.RemoveAt(match);
            }

            return;
        }

        Assert.True(JsonElement.DeepEquals(want, actual), $"expected {want.GetRawText()}\n     got {actual.GetRawText()}");
    }
}
