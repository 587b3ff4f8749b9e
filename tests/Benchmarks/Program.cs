using BenchmarkDotNet.Running;
using TicketKeys.Benchmarks;

if (args is ["--quick"])
{
    QuickRatios.Run();
    return 0;
}

if (args is ["--quick", "--callbacks-only"])
{
    QuickRatios.RunCallbacksOnly();
    return 0;
}

if (args is ["--quick", "--sslstream-only"])
{
    QuickRatios.RunSslStreamOnly();
    return 0;
}

if (args is ["--generator"])
{
    GeneratorCost.Run(NameValueLine.Print);
    return 0;
}

if (args is ["--build-costs"])
{
    BuildCosts.Run(NameValueLine.Print);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ResumedHandshakeBenchmarks).Assembly).Run(args);
return 0;
