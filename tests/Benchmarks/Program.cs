using BenchmarkDotNet.Running;
using TicketKeys.Benchmarks;

if (args is ["--quick"])
{
    QuickRatios.Run();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ResumedHandshakeBenchmarks).Assembly).Run(args);
return 0;
