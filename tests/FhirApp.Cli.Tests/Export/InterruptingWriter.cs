using System.Text;

namespace FhirApp.Cli.Tests.Export;

/// <summary>Collects a command's output and cancels <see cref="Cancellation"/> when a line containing <paramref name="trigger"/> is written: a crash at a known point.</summary>
internal sealed class InterruptingWriter(string? trigger) : StringWriter
{
    public CancellationTokenSource Cancellation { get; } = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (trigger is not null && value?.Contains(trigger, StringComparison.Ordinal) == true)
        {
            Cancellation.Cancel();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Cancellation.Dispose();
        }
        base.Dispose(disposing);
    }
}
