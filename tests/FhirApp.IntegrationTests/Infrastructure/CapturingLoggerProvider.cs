using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log line a host writes, as a provider beside the host's own (console, Serilog): the message, its
/// exception and the values of its scopes, which structured sinks write out too.
/// </summary>
public sealed class CapturingLoggerProvider(string host) : ILoggerProvider, ISupportExternalScope
{
    private readonly string _host = host;
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{provider._host} {logLevel} {category}: {formatter(state, exception)}";
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            if (scopes.Count > 0)
            {
                line += " | scopes: " + string.Join(" => ", scopes);
            }
            if (exception is not null)
            {
                line += " | " + exception;
            }
            provider._lines.Enqueue(line);
        }
    }
}
