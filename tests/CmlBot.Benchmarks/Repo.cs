namespace CmlBot.Benchmarks;

internal static class Repo
{
    /// <summary>The repository root (the folder with CmlBot.sln), from the current directory or the build output.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CmlBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }

    public static readonly string[] Questions =
    [
        "Can I take imatinib if my CML returns after my transplant?",
        "my leukemia came back after my bone marrow transplant",
        "What is a donor lymphocyte infusion?",
        "dasatanib or nilotinb for resistant leukaemia",
        "Which study looked at dasatinib in blast crisis?",
        "How much does imatinib cost?",
    ];
}
