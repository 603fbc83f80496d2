using System.Text.RegularExpressions;

namespace CmlBot.Deployment.Tests.Failover;

/// <summary>
/// Each run's report also goes to a file next to the test binaries (failover-report-*.txt), since dotnet test shows a
/// passing test's output only at detailed verbosity.
/// </summary>
public static partial class FailoverReportFile
{
    public static string Write(FailoverReport report)
    {
        var name = NotWord().Replace(report.Scenario.Split(',')[0] + "-" + report.Transports.Sum(t => t.Conversations), "-").ToLowerInvariant();
        var path = Path.Combine(AppContext.BaseDirectory, $"failover-report-{name}.txt");
        File.WriteAllText(path, report.ToText());
        return path;
    }

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NotWord();
}
