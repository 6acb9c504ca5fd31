namespace FhirApp.SandboxEhr;

public static class Program
{
    public static void Main(string[] args) => SandboxHost.Create(args).Run();
}
