using Candor.Bench;

var options = BenchOptions.Parse(args, Console.Error);
if (options is null)
{
    return 64;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop starting new requests and report what was measured.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

using var runner = new BenchRunner(options);
return await runner.RunAsync(cancellation.Token);
