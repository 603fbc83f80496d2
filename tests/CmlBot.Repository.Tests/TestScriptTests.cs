namespace CmlBot.Repository.Tests;

/// <summary>
/// The test command's set-up (<c>./test.sh --provision-only</c>), on a PATH of fakes: <c>id</c> says who runs it and
/// <c>apt-get</c> records what it was asked and "installs" by creating the programs. Nothing is installed or
/// removed on this machine.
/// </summary>
public sealed class TestScriptTests : IDisposable
{
    private static readonly string[] Programs = ["redis-server", "nginx", "chromium", "wrk"];
    private readonly string _bin = Directory.CreateTempSubdirectory("cmlbot-fakebin-").FullName;

    private string AptLog => Path.Combine(_bin, "apt-get.log");

    [Fact]
    public async Task With_everything_installed_it_installs_nothing()
    {
        FakeIdentity(uid: 1000);
        FakeAptGet();
        foreach (var program in Programs) FakeProgram(program);

        var result = await ProvisionAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("redis-server, nginx, chromium and wrk are installed", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(AptLog));
    }

    [Fact]
    public async Task As_root_it_installs_what_is_missing()
    {
        FakeIdentity(uid: 0);
        FakeAptGet();
        FakeProgram("nginx");

        var result = await ProvisionAsync();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(["install -y redis-server chromium wrk"], File.ReadAllLines(AptLog));
    }

    [Fact]
    public async Task As_root_on_a_fresh_machine_it_fetches_the_package_lists_when_the_first_install_fails()
    {
        FakeIdentity(uid: 0);
        FakeAptGet(failInstallUntilUpdate: true);

        var result = await ProvisionAsync();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(["install -y redis-server nginx chromium wrk", "update", "install -y redis-server nginx chromium wrk"], File.ReadAllLines(AptLog));
    }

    [Fact]
    public async Task Not_root_it_prints_exactly_what_to_run_and_fails()
    {
        FakeIdentity(uid: 1000);
        FakeAptGet();
        FakeProgram("redis-server");

        var result = await ProvisionAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sudo apt-get update && sudo apt-get install -y nginx chromium wrk", result.Error, StringComparison.Ordinal);
        Assert.Contains("tests: not run", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(AptLog));
    }

    [Fact]
    public async Task A_dry_run_says_what_it_would_install_and_installs_nothing()
    {
        FakeIdentity(uid: 0);
        FakeAptGet();

        var result = await ProvisionAsync("--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("would run: apt-get install -y redis-server nginx chromium wrk", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(AptLog));
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    /// <summary>test.sh with only the fakes on PATH and no other place to look for programs.</summary>
    private Task<ShellResult> ProvisionAsync(string mode = "--provision-only") =>
        Shell.RunAsync($"/bin/bash \"{Path.Combine(RepoRoot.Path, "test.sh")}\" {mode}", _bin,
            new Dictionary<string, string?> { ["PATH"] = _bin, ["CMLBOT_PROGRAM_DIRS"] = "" }, TimeSpan.FromMinutes(1));

    private void FakeIdentity(int uid) => Script("id", $"echo {uid}");

    private void FakeProgram(string name) => Script(name, "exit 0");

    /// <summary>Records its arguments; "install" creates the programs (as executables), or fails until "update" ran.</summary>
    private void FakeAptGet(bool failInstallUntilUpdate = false) => Script("apt-get", $$"""
        echo "$*" >> "{{AptLog}}"
        if [ "$1" = update ]; then : > "{{_bin}}/updated"; exit 0; fi
        {{(failInstallUntilUpdate ? $"[ -e \"{_bin}/updated\" ] || exit 100" : "")}}
        for p in {{string.Join(" ", Programs)}}; do
          printf '#!/bin/bash\nexit 0\n' > "{{_bin}}/$p"
          /bin/chmod +x "{{_bin}}/$p"
        done
        """);

    private void Script(string name, string body)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("test.sh is for Debian and Ubuntu");
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
