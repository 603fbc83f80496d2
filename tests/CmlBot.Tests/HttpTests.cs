using System.Net;
using System.Text;
using CmlBot.Hosting;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

[Collection(HostCollection.Name)]
public sealed class HttpTests(HostFixture fixture)
{
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task Healthz_reports_ready_once_the_index_is_built()
    {
        using var response = await Host.Client.GetAsync(Endpoints.Health);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["status"]);
    }

    [Fact]
    public async Task ConversationUpdate_gets_the_welcome_in_the_expected_replies()
    {
        var update = RunningHost.Activity("conversationUpdate", "http-welcome", "http-welcome-user");
        update["membersAdded"] = new JArray(update["from"]!.DeepClone(), update["recipient"]!.DeepClone());
        var reply = Assert.Single(await Host.ExpectRepliesAsync(update));
        Assert.Contains("last modified 03/06/2009", (string?)reply["text"]);
        Assert.Contains("not medical advice", (string?)reply["text"]);
        Assert.InRange(((JArray)reply["suggestedActions"]!["actions"]!).Count, 3, 4);
    }

    [Fact]
    public async Task A_question_posted_with_expectReplies_gets_the_cited_answer_in_the_response()
    {
        var question = fixture.CitedQuestion();
        var expected = fixture.Core.Ask(question);
        var replies = await Host.ExpectRepliesAsync(RunningHost.Message(question, "http-answer", "http-answer-user"));

        Assert.Equal(2, replies.Count); // the first message also welcomes (the test channel sends no conversationUpdate)
        var answer = replies[1];
        Assert.Equal("markdown", (string?)answer["textFormat"]);
        Assert.Contains("> " + expected.Quoted!.Text, (string?)answer["text"]);
        Assert.Contains("**References**", (string?)answer["text"]);
        Assert.Equal(expected.References.Select(r => r.Number), RunningHost.Citations(answer));
        Assert.Equal(expected.References.Select(r => r.Number), answer["channelData"]!["citations"]!.Values<int>());

        // The conversation's state carries over between HTTP requests.
        var sources = Assert.Single(await Host.ExpectRepliesAsync(RunningHost.Message("which study?", "http-answer", "http-answer-user")));
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", (string?)sources["text"]);
    }

    [Fact]
    public async Task Feedback_counts_are_served_without_identity()
    {
        await Host.ExpectRepliesAsync(RunningHost.Message(fixture.CitedQuestion(), "http-feedback", "http-feedback-user"));
        Assert.Contains("Thank you", (string?)Assert.Single(await Host.ExpectRepliesAsync(RunningHost.Message("yes", "http-feedback", "http-feedback-user")))["text"]);

        using var response = await Host.Client.GetAsync(Endpoints.Feedback);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var counts = JObject.Parse(body);
        Assert.True((int)counts["helpful"]! >= 1);
        Assert.DoesNotContain("http-feedback-user", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"message\"")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"\"}")]
    [InlineData("{\"type\":5}")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":\"message\",\"timestamp\":\"not a date\"}")]
    [InlineData("{\"type\":\"message\",\"from\":[1,2]}")]
    public async Task Malformed_json_or_a_non_activity_gets_400(string body)
    {
        using var response = await Host.PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("ChannelId", "directline:someone-elses")]
    [InlineData("CHANNELID", "emulator/../directline")]
    [InlineData("ServiceUrl", "http://example.com/")]
    public async Task A_property_given_again_in_other_case_is_checked_as_the_bot_reads_it(string property, string value)
    {
        // The bot's serializer takes the last of "channelId" and "ChannelId"; the check must see that one too.
        var message = ExpectingReplies("What is relative failure?", "http-case-twice");
        message[property] = value;

        using var response = await Host.PostAsync(message.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_deeply_nested_body_gets_400_and_the_host_goes_on()
    {
        var message = ExpectingReplies("What is relative failure?", "http-deep");
        var json = message.ToString();
        var deep = json[..^1] + ",\"channelData\":" + new string('[', 20_000) + new string(']', 20_000) + "}";

        using var refused = await Host.PostAsync(deep);
        using var answered = await Host.PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    private static JObject ExpectingReplies(string text, string conversation)
    {
        var message = RunningHost.Message(text, conversation);
        message["deliveryMode"] = "expectReplies";
        return message;
    }

    private long Limit => ((HostingOptions)Host.Services.GetService(typeof(HostingOptions))!).MaxRequestBodyBytes;

    /// <summary>
    /// Oversize bodies are sent over a raw socket: the whole request is written before the response is read,
    /// so the server's early 413 can never race a client still uploading (which HttpClient reports as a
    /// reset connection rather than as the 413).
    /// </summary>
    private async Task<int> RawStatusAsync(string head, byte[] body) =>
        await RawStatusOrClosedAsync(head, body, endUpload: false) ?? throw new IOException("closed without a status line");

    /// <summary>The status, or null when the server closed or reset the connection before sending one.</summary>
    private async Task<int?> RawStatusOrClosedAsync(string head, byte[] body, bool endUpload)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Host.Client.BaseAddress!.Host, Host.Client.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
        if (endUpload) tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string? statusLine;
        try
        {
            statusLine = await reader.ReadLineAsync();
        }
        catch (IOException) when (endUpload)
        {
            return null; // reset
        }
        if (string.IsNullOrEmpty(statusLine)) return null;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_body_declared_over_the_configured_limit_gets_413()
    {
        var head = $"POST {Endpoints.Messages} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {Limit + 1}\r\n\r\n";
        Assert.Equal(413, await RawStatusAsync(head, []));
    }

    [Fact]
    public async Task A_chunked_body_over_the_configured_limit_gets_413()
    {
        var chunk = Encoding.ASCII.GetBytes(new string(' ', (int)Limit + 1)); // JSON white space: size alone decides
        var head = $"POST {Endpoints.Messages} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n";
        Assert.Equal(413, await RawStatusAsync(head, chunk));
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_is_answered()
    {
        var message = ExpectingReplies("What counts as overt failure?", "http-chunked");
        var json = Encoding.UTF8.GetBytes(message.ToString() + new string(' ', 10_000)); // several reads' worth
        var head = $"POST {Endpoints.Messages} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{json.Length:x}\r\n";
        Assert.Equal(200, await RawStatusAsync(head, [.. json, .. "\r\n0\r\n\r\n"u8]));
    }

    [Fact]
    public async Task A_body_that_ends_before_its_declared_length_is_dropped_and_the_host_goes_on()
    {
        var head = $"POST {Endpoints.Messages} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
        // Kestrel answers 400, or closes or resets the connection (the rest of the body will never come); never a 500.
        var status = await RawStatusOrClosedAsync(head, "{\"type\":\"message\""u8.ToArray(), endUpload: true);
        Assert.True(status is null or 400, $"status {status}");

        var message = ExpectingReplies("What counts as overt failure?", "http-after-short-body");
        using var response = await Host.PostAsync(message.ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_accepted()
    {
        var message = ExpectingReplies("What counts as overt failure?", "http-near-limit");
        var json = message.ToString();
        using var response = await Host.PostAsync(json + new string(' ', (int)Limit - Encoding.UTF8.GetByteCount(json) - 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("event")]
    [InlineData("invoke")]
    [InlineData("messageReaction")]
    [InlineData("endOfConversation")]
    [InlineData("installationUpdate")]
    [InlineData("somethingNew")]
    public async Task Non_message_activities_are_accepted_without_a_server_error(string type)
    {
        var activity = RunningHost.Activity(type, "http-other-" + type);
        activity["name"] = "some/name";
        activity["value"] = new JObject { ["x"] = 1 };
        activity["deliveryMode"] = "expectReplies";
        using var response = await Host.PostAsync(activity.ToString());
        Assert.True((int)response.StatusCode < 500, $"{type}: {(int)response.StatusCode}");
        if (type != "invoke") Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> BadMessages => new()
    {
        { "{\"text\":\"\"}", "didn't get any text" },
        { "{\"text\":\"   \"}", "didn't get any text" },
        { "{\"attachments\":[{\"contentType\":\"image/png\",\"contentUrl\":\"https://example.invalid/x.png\"}]}", "only text, not attachments" },
        { "{\"value\":{\"action\":\"unknown\"}}", "didn't understand that button" },
        { "{\"text\":\"😀😀\"}", "only questions written in words" },
        { "{\"text\":\"¿Qué es la leucemia mieloide crónica?\"}", "English only" },
        { "{\"text\":\"<script>alert(1)</script>\"}", "I couldn't find an answer" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Odd_messages_over_http_get_a_useful_reply(string extra, string expected)
    {
        var conversation = "http-odd-" + Guid.NewGuid().ToString("N");
        var message = RunningHost.Activity("message", conversation, conversation);
        message.Merge(JObject.Parse(extra));
        var replies = await Host.ExpectRepliesAsync(message);
        Assert.Contains(expected, (string?)replies[^1]["text"]);
        Assert.DoesNotContain(replies, r => ((string?)r["text"] ?? "").Contains("<script", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_very_long_message_over_http_is_answered_on_a_trimmed_question()
    {
        var text = fixture.CitedQuestion() + string.Concat(Enumerable.Repeat(" please", 2000));
        var replies = await Host.ExpectRepliesAsync(RunningHost.Message(text, "http-long", "http-long-user"));
        Assert.Contains("characters long, so I answered using its first", (string?)replies[^1]["text"]);
        Assert.NotEmpty(RunningHost.Citations(replies[^1]));
    }
}
