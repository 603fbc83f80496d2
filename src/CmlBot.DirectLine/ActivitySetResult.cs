using System.Buffers;
using System.Globalization;
using System.Text;
using CmlBot.DirectLine.Store;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine;

/// <summary>
/// A Direct Line ActivitySet (<c>{"activities":[…],"watermark":"n"}</c>) written from the stored UTF-8 JSON of each
/// activity: spliced, not parsed and serialized again, and not turned into a string on the way.
/// </summary>
internal sealed class ActivitySetResult(ActivityPage page) : IResult
{
    private static readonly byte[] Head = "{\"activities\":["u8.ToArray();
    private static readonly byte[] WatermarkHead = "],\"watermark\":\""u8.ToArray();
    private static readonly byte[] WatermarkTail = "\"}"u8.ToArray();
    private static readonly byte[] NoWatermarkTail = "]}"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var watermark = Watermark(page);
        response.ContentLength = Length(page, watermark);
        Write(response.BodyWriter, page, watermark);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The watermark's digits, formatted once for both the length and the body; null when there is none.</summary>
    internal static byte[]? Watermark(ActivityPage page) =>
        page.Watermark is { } w ? Encoding.ASCII.GetBytes(w.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>The body's length in bytes, known before it is written, so it goes in Content-Length.</summary>
    internal static long Length(ActivityPage page, byte[]? watermark)
    {
        long length = Head.Length + Math.Max(0, page.Activities.Count - 1);
        foreach (var a in page.Activities) length += a.Utf8Json.Length;
        return length + (watermark is null ? NoWatermarkTail.Length : WatermarkHead.Length + watermark.Length + WatermarkTail.Length);
    }

    internal static void Write(IBufferWriter<byte> body, ActivityPage page, byte[]? watermark)
    {
        body.Write(Head);
        for (var i = 0; i < page.Activities.Count; i++)
        {
            if (i > 0) body.Write(","u8);
            body.Write(page.Activities[i].Utf8Json.Span);
        }
        if (watermark is null)
        {
            body.Write(NoWatermarkTail);
            return;
        }
        body.Write(WatermarkHead);
        body.Write(watermark);
        body.Write(WatermarkTail);
    }
}
