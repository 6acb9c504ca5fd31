using FhirApp.Cli;

return await FhirAppCommandLine.RunAsync(args, Console.Out, Console.Error);
