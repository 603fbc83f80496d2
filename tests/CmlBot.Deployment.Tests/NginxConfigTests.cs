using System.Diagnostics;
using System.Text.RegularExpressions;
using CmlBot.Cli;
using CmlBot.TestServers;
using CmlBot.Deployment.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests;

/// <summary>src/CmlBot.Deployment/nginx/cmlbot.conf: valid for nginx, rendered without changing its meaning, and in step with the host's limits.</summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class NginxConfigTests(ITestOutputHelper output)
{
    private static string CheckedIn => File.ReadAllText(NginxConfig.CheckedInPath);

    [Fact]
    public async Task Nginx_accepts_the_checked_in_configuration()
    {
        Prerequisites.Require("nginx");
        var directory = Directory.CreateTempSubdirectory("cmlbot-nginx-t-").FullName;
        try
        {
            var site = Path.Combine(directory, "cmlbot.conf");
            await File.WriteAllTextAsync(site, NginxConfig.Render(CheckedIn, ["127.0.0.1:3981", "127.0.0.1:3982"], 8080));
            var main = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(main, NginxConfig.MainConfig(directory, site));
            var start = new ProcessStartInfo(Executables.Find("nginx")!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-t");
            foreach (var a in NginxProxy.Arguments(directory, main)) start.ArgumentList.Add(a);
            using var nginx = Process.Start(start)!;
            var errors = await nginx.StandardError.ReadToEndAsync();
            await nginx.WaitForExitAsync();
            output.WriteLine(errors);
            Assert.True(nginx.ExitCode == 0, errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Rendering_changes_only_the_instance_addresses_and_the_listening_port()
    {
        var rendered = NginxConfig.Render(CheckedIn, ["127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5003"], 8080);

        Assert.Equal(
            ["server 127.0.0.1:5001 max_fails=1 fail_timeout=10s;", "server 127.0.0.1:5002 max_fails=1 fail_timeout=10s;", "server 127.0.0.1:5003 max_fails=1 fail_timeout=10s;"],
            Lines(rendered).Where(l => l.StartsWith("server 127.", StringComparison.Ordinal)));
        Assert.Contains("listen 127.0.0.1:8080;", Lines(rendered));
        bool Unchanged(string l) => !l.StartsWith("server 127.", StringComparison.Ordinal) && !l.StartsWith("listen ", StringComparison.Ordinal);
        Assert.Equal(Lines(CheckedIn).Where(Unchanged), Lines(rendered).Where(Unchanged));
    }

    [Fact]
    public void The_body_limits_are_the_hosts()
    {
        var configuration = CommandLine.Configuration(RepoRoot.Path, []);
        var limits = BodyLimit().Matches(CheckedIn).Select(m => (m.Index, Bytes: long.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)
            * (m.Groups["unit"].Value.ToLowerInvariant() switch { "k" => 1024, "m" => 1024 * 1024, _ => 1 }))).ToList();
        Assert.True(limits.Count > 0, "client_max_body_size is missing");
        // The server's (first) limit is /api/messages' own; Direct Line's locations carry the smaller Direct Line one.
        Assert.Equal(configuration.GetValue<long>("Hosting:MaxRequestBodyBytes"), limits[0].Bytes);
        foreach (var location in new[] { "location /v3/directline/ {", "location = /api/directline/token {" })
        {
            var at = CheckedIn.IndexOf(location, StringComparison.Ordinal);
            Assert.True(at > 0, $"{location} is missing");
            Assert.Equal(configuration.GetValue<long>("DirectLine:MaxBodyBytes"), limits.First(l => l.Index > at).Bytes);
        }
        Assert.True(configuration.GetValue<long>("DirectLine:MaxBodyBytes") <= configuration.GetValue<long>("Hosting:MaxRequestBodyBytes"));
    }

    [Fact]
    public void The_patients_endpoints_are_limited_per_client_and_the_page_is_compressed()
    {
        var directives = Lines(CheckedIn).Where(l => !l.StartsWith('#')).ToList();
        Assert.Contains(directives, l => l.StartsWith("limit_req_zone $cmlbot_client zone=cmlbot_directline:", StringComparison.Ordinal));
        Assert.Contains(directives, l => l.StartsWith("limit_req_zone $cmlbot_client zone=cmlbot_page:", StringComparison.Ordinal));
        Assert.Contains(directives, l => l.StartsWith("limit_conn_zone $cmlbot_client ", StringComparison.Ordinal));
        Assert.Contains("limit_req_status 429;", directives);
        foreach (var (location, zone) in new[] { ("location /v3/directline/ {", "cmlbot_directline"), ("location = /api/directline/token {", "cmlbot_directline"),
                     ("location = / {", "cmlbot_page"), ("location /webchat/ {", "cmlbot_page"), ("location = /api/feedback {", "cmlbot_page") })
        {
            var block = Block(location);
            Assert.Contains(block, l => l.StartsWith($"limit_req zone={zone} ", StringComparison.Ordinal));
            Assert.Contains("proxy_pass http://cmlbot;", block);
        }
        foreach (var location in new[] { "location = / {", "location /webchat/ {" })
        {
            Assert.Contains("gzip on;", Block(location));
            Assert.Contains(Block(location), l => l.StartsWith("gzip_types ", StringComparison.Ordinal) && l.Contains("text/javascript", StringComparison.Ordinal));
        }
        // Bot Framework channels reach /api/messages from a few shared addresses: no per-address limit there.
        Assert.DoesNotContain(Block("location / {"), l => l.StartsWith("limit_", StringComparison.Ordinal));
    }

    private static List<string> Block(string location)
    {
        var lines = Lines(CheckedIn).ToList();
        var start = lines.IndexOf(location);
        Assert.True(start >= 0, $"{location} is missing");
        return lines.Skip(start + 1).TakeWhile(l => l != "}").ToList();
    }

    [Fact]
    public void Nginx_passes_on_what_no_instance_has_seen_and_never_resends_a_POST_one_has()
    {
        var directives = Lines(CheckedIn).Where(l => !l.StartsWith('#')).ToList();
        var nextUpstream = Assert.Single(directives, l => l.StartsWith("proxy_next_upstream ", StringComparison.Ordinal));
        Assert.Equal("proxy_next_upstream error timeout http_502 http_503;", nextUpstream);
        Assert.DoesNotContain(directives, l => l.Contains("non_idempotent", StringComparison.Ordinal));
        Assert.Contains("proxy_set_header X-Forwarded-For $remote_addr;", directives);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", directives);
        Assert.Contains(directives, l => l.StartsWith("keepalive ", StringComparison.Ordinal));
        Assert.Contains("proxy_set_header Connection \"\";", directives);
    }

    private static IEnumerable<string> Lines(string config) => config.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    [GeneratedRegex(@"^\s*client_max_body_size\s+(?<n>\d+)(?<unit>[kKmM]?);", RegexOptions.Multiline)]
    private static partial Regex BodyLimit();
}
