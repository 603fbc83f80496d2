using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CmlBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CmlBot.Benchmarks.CoreBenchmarks).Assembly).Run(args);
