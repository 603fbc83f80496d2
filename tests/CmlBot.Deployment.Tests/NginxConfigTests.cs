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
    public void The_body_limit_is_the_hosts()
    {
        var configuration = CommandLine.Configuration(RepoRoot.Path, []);
        var limit = BodyLimit().Match(CheckedIn);
        Assert.True(limit.Success, "client_max_body_size is missing");
        var bytes = long.Parse(limit.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) * (limit.Groups["unit"].Value switch { "k" => 1024, "m" => 1024 * 1024, _ => 1 });
        Assert.Equal(configuration.GetValue<long>("Hosting:MaxRequestBodyBytes"), bytes);
        Assert.Equal(configuration.GetValue<long>("DirectLine:MaxBodyBytes"), bytes);
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
