using System.Text;
using System.Text.Json.Nodes;
using CmlBot.DirectLine.Store;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine.Tests;

/// <summary>The GET body spliced from stored UTF-8: valid JSON, its Content-Length exact, multi-byte text intact.</summary>
public sealed class ActivitySetResultTests
{
    private static StoredActivity Stored(long sequence, string text) =>
        new(sequence, Encoding.UTF8.GetBytes(new JsonObject { ["id"] = $"c|{sequence:D7}", ["text"] = text }.ToJsonString()));

    private static async Task<(HttpResponse Response, byte[] Body)> ExecuteAsync(ActivityPage page)
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        await new ActivitySetResult(page).ExecuteAsync(http);
        return (http.Response, body.ToArray());
    }

    public static TheoryData<int, long?> Pages => new() { { 0, null }, { 0, 41 }, { 1, 0 }, { 3, 1234567890123 } };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_body_is_an_activity_set_whose_length_is_announced_exactly(int count, long? watermark)
    {
        var texts = new[] { "Gleevec®", "rechute — greffe 白血病 😷", "\"quoted\" \\ back" };
        var page = new ActivityPage(Enumerable.Range(0, count).Select(i => Stored(i, texts[i])).ToList(), watermark);

        var (response, body) = await ExecuteAsync(page);

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(body.Length, response.ContentLength);
        var set = JsonNode.Parse(body)!;
        var activities = set["activities"]!.AsArray();
        Assert.Equal(texts.Take(count), activities.Select(a => a!["text"]!.GetValue<string>()));
        Assert.Equal(watermark?.ToString(System.Globalization.CultureInfo.InvariantCulture), set["watermark"]?.GetValue<string>());
    }
}
