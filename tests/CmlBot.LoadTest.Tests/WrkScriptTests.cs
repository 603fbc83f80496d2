using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CmlBot.TestServers;

namespace CmlBot.LoadTest.Tests;

/// <summary>
/// The questions <c>tools/wrk/turns.lua</c> sends, recorded by a stand-in for the host: the performance command's
/// "distinct" mix must never let a cache of question vectors answer, within a run or across the runs of one command.
/// </summary>
public sealed partial class WrkScriptTests
{
    [Fact]
    public async Task Two_runs_at_their_own_offsets_never_send_a_question_or_a_question_sentence_twice()
    {
        await EnsureWrkAsync();
        var questions = Path.Combine(Path.GetTempPath(), $"wrk-questions-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(questions, new[] { "corpus/questions.txt", "corpus/not-covered.txt" }
            .SelectMany(f => File.ReadLines(Path.Combine(RepoRoot.Path, f)))
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l[2..]));
        try
        {
            var texts = new ConcurrentBag<string>();
            var port = LoopbackPort.Free();
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            using var stop = new CancellationTokenSource();
            var serving = ServeAsync(listener, texts, stop.Token);

            // run.sh's first two host runs: the warm-up at offset 0, the first round at 100,000.
            foreach (var offset in new[] { 0, 100000 })
            {
                var (exitCode, output) = await Commands.RunAsync("wrk", $"-t2 -c4 -d2s -s tools/wrk/turns.lua http://127.0.0.1:{port} -- {questions} distinct {offset}");
                Assert.True(exitCode == 0, output);
                Assert.Contains(" 0 errors", output, StringComparison.Ordinal);
            }
            stop.Cancel();
            listener.Stop();
            await serving;

            Assert.True(texts.Count > 100, $"only {texts.Count} questions were sent");
            var repeated = texts.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(repeated.Count == 0, "sent twice: " + string.Join(" | ", repeated.Take(5)));
            // The safety screen embeds each sentence of a message of several: only the few courtesy sentences
            // ("Thank you.") may come again, never a question's own sentence.
            var sentences = texts.SelectMany(t => SentenceRx().Matches(t).Select(m => m.Value.Trim()))
                .Where(s => s.Contains(' ', StringComparison.Ordinal))
                .GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(sentences.Count <= 4, "sentences sent again: " + string.Join(" | ", sentences.Take(10)));
        }
        finally
        {
            File.Delete(questions);
        }
    }

    [GeneratedRegex(@"[^.!?\n]+[.!?\n]*")]
    private static partial Regex SentenceRx();

    /// <summary>Records each posted activity's text and answers as the host would, with one reply in the body.</summary>
    private static async Task ServeAsync(HttpListener listener, ConcurrentBag<string> texts, CancellationToken stop)
    {
        var reply = Encoding.UTF8.GetBytes("""{"activities":[{"type":"message","text":"ok"}]}""");
        var handlers = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                break;
            }
            handlers.Add(Task.Run(async () =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
                texts.Add(body.RootElement.GetProperty("text").GetString()!);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = reply.Length;
                await context.Response.OutputStream.WriteAsync(reply);
                context.Response.Close();
            }, CancellationToken.None));
        }
        try
        {
            await Task.WhenAll(handlers);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // wrk hangs up on the requests in flight when its time is over.
        }
    }

    /// <summary>wrk comes from Debian, as the performance command installs it when it runs as root.</summary>
    private static async Task EnsureWrkAsync()
    {
        if ((await Commands.RunAsync("bash", "-c \"command -v wrk\"")).ExitCode == 0) return;
        var (exitCode, output) = await Commands.RunAsync("bash", "-c \"apt-get install -y -q wrk || (apt-get update -q && apt-get install -y -q wrk)\"");
        Assert.True(exitCode == 0, "wrk is missing and could not be installed: " + output);
    }
}
