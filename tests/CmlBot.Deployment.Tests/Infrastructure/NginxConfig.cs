using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>
/// The repository's nginx configuration (src/CmlBot.Deployment/nginx/cmlbot.conf) made runnable on loopback ports by
/// an unprivileged test: the upstream's <c>server</c> lines get the test's instance addresses (one line per instance,
/// each with the parameters of the file's first line) and <c>listen</c> the test's port. Nothing else changes, so the
/// test exercises the file as deployed. A main nginx.conf around it stands in for Debian's /etc/nginx/nginx.conf.
/// </summary>
public static partial class NginxConfig
{
    public static string CheckedInPath => RepoRoot.File("src", "CmlBot.Deployment", "nginx", "cmlbot.conf");

    /// <summary>The site file with the instances' addresses and the listening port substituted.</summary>
    public static string Render(string siteConfig, IReadOnlyList<string> instances, int listenPort)
    {
        if (instances.Count == 0) throw new ArgumentException("at least one instance", nameof(instances));
        var lines = siteConfig.Split('\n').ToList();
        var upstreamStart = lines.FindIndex(l => UpstreamLine().IsMatch(l));
        if (upstreamStart < 0) throw new FormatException("no `upstream cmlbot {` block");
        var upstreamEnd = lines.FindIndex(upstreamStart, l => l.TrimStart().StartsWith('}'));
        var servers = Enumerable.Range(upstreamStart, upstreamEnd - upstreamStart).Where(i => ServerLine().IsMatch(lines[i])).ToList();
        if (servers.Count == 0) throw new FormatException("the upstream block has no `server` line");

        var first = ServerLine().Match(lines[servers[0]]);
        var generated = instances.Select(address => $"{first.Groups["indent"].Value}server {address}{first.Groups["parameters"].Value};");
        foreach (var i in servers.Skip(1).Reverse()) lines.RemoveAt(i);
        lines.RemoveAt(servers[0]);
        lines.InsertRange(servers[0], generated);

        var listens = lines.Select((l, i) => (l, i)).Where(x => ListenLine().IsMatch(x.l)).ToList();
        if (listens.Count != 1) throw new FormatException($"expected one `listen` line, found {listens.Count}");
        lines[listens[0].i] = ListenLine().Replace(listens[0].l, m => $"{m.Groups["indent"].Value}listen 127.0.0.1:{listenPort.ToString(CultureInfo.InvariantCulture)};");
        return string.Join('\n', lines);
    }

    /// <summary>
    /// What Debian's nginx.conf provides around conf.d/*.conf, with every path in <paramref name="directory"/> (temp
    /// files, the access log) so that nginx needs no privileges. The access log records which instance served each
    /// request (<c>$upstream_addr</c>, two addresses when nginx passed it on), never a body.
    /// </summary>
    public static string MainConfig(string directory, string siteFile) => $$"""
        worker_processes 1;
        events { worker_connections 1024; }
        http {
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            log_format upstreams '$request_method $status "$upstream_addr" "$upstream_status"';
            access_log {{directory}}/access.log upstreams;
            include {{siteFile}};
        }
        """;

    [GeneratedRegex(@"^\s*upstream\s+cmlbot\s*\{")]
    private static partial Regex UpstreamLine();

    [GeneratedRegex(@"^(?<indent>\s*)server\s+(?<address>[^\s;]+)(?<parameters>[^;]*);")]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"^(?<indent>\s*)listen\s+[^;]+;")]
    private static partial Regex ListenLine();
}
