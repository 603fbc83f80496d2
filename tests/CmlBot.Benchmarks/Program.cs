using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CmlBot.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/CmlBot.Benchmarks -- --warmup-curve [turns]
// dotnet run -c Release --project tests/CmlBot.Benchmarks -- --state-size [conversations]
if (args.Length > 0 && args[0] == "--warmup-curve") return CmlBot.Benchmarks.WarmUpCurve.Run(args);
if (args.Length > 0 && args[0] == "--state-size") return CmlBot.Benchmarks.StateSize.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(CmlBot.Benchmarks.CoreBenchmarks).Assembly).Run(args);
return 0;
