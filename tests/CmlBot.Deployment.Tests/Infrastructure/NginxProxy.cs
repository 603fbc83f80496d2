using System.Diagnostics;
using System.Net;
using System.Text;
using CmlBot.TestServers;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>
/// Debian's nginx, unprivileged, in the foreground, on the rendered repository configuration:
/// <c>nginx -p DIR -c DIR/nginx.conf -g 'daemon off; pid DIR/nginx.pid; error_log DIR/error.log;'</c>.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxProxy(Process process, string directory, Uri address)
    {
        _process = process;
        Directory = directory;
        Address = address;
    }

    public Uri Address { get; }
    public string Directory { get; }
    public string AccessLog => Path.Combine(Directory, "access.log");
    public string ErrorLog => Path.Combine(Directory, "error.log");

    /// <summary>Writes the configuration into <paramref name="directory"/> and starts nginx on a free loopback port.</summary>
    public static NginxProxy Start(string directory, IReadOnlyList<Uri> instances)
    {
        var port = LoopbackPort.Free();
        var site = Path.Combine(directory, "cmlbot.conf");
        File.WriteAllText(site, NginxConfig.Render(File.ReadAllText(NginxConfig.CheckedInPath), instances.Select(u => u.Authority).ToList(), port));
        var main = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(main, NginxConfig.MainConfig(directory, site));
        // As root, nginx's workers run as nobody: they must be able to reach the temp folders under DIR.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var start = new ProcessStartInfo(Executables.Find("nginx") ?? throw new InvalidOperationException("nginx is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Arguments(directory, main)) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        var proxy = new NginxProxy(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => proxy.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return proxy;
    }

    public static IReadOnlyList<string> Arguments(string directory, string mainConfig) =>
        ["-p", directory + "/", "-c", mainConfig, "-g", $"daemon off; pid {directory}/nginx.pid; error_log {directory}/error.log notice;"];

    /// <summary>Until /healthz answers 200 through nginx (so at least one instance is ready behind it).</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:{Environment.NewLine}{Diagnostics()}");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "healthz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(20, cancellationToken);
        }
        throw new TimeoutException($"nginx did not pass /healthz within {timeout.TotalSeconds:N0} s:{Environment.NewLine}{Diagnostics()}");
    }

    /// <summary>The access log's lines: method, status, "upstream addresses", "upstream statuses".</summary>
    public IReadOnlyList<string> AccessLines() => File.Exists(AccessLog) ? File.ReadAllLines(AccessLog) : [];

    public string Diagnostics()
    {
        string output;
        lock (_output) output = _output.ToString();
        var errors = File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : "";
        return $"{output}{errors}";
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        // The whole tree: killing only the master would leave its worker holding the port.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
