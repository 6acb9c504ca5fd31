using System.Diagnostics;
using System.Text.RegularExpressions;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace FhirApp.Web.Operations;

/// <summary>
/// Structured logs through Serilog: compact JSON on the console in Production, readable text in Development; every
/// event of a request carries its correlation id (and the launch id on /l/{LaunchId} pages). Levels still come from
/// "Logging:LogLevel" (Default and per-category overrides), with an optional "Serilog" section on top.
/// Events also reach every ILoggerProvider registered in DI (writeToProviders), so tests that capture logs through a
/// provider keep seeing them. Request logging names the route template, never the raw path or query: those carry
/// launch and patient ids.
/// </summary>
public static partial class Logging
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string CorrelationProperty = "CorrelationId";

    public static WebApplicationBuilder AddFhirAppLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        // Serilog writes the console itself; providers added later (tests') still get every event.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, logger) =>
        {
            ApplyLogLevels(logger, configuration.GetSection("Logging:LogLevel"));
            logger.ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<DropRawPathEnricher>();
            if (development)
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        }, preserveStaticLogger: true, writeToProviders: true); // no static Log.Logger: tests host several apps in one process
        return builder;
    }

    /// <summary>Correlation id first (so every later event has it), then one completion event per request.</summary>
    public static void UseFhirAppRequestLogging(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var id = context.Request.Headers[CorrelationHeader].FirstOrDefault() is { } incoming && SaneId().IsMatch(incoming)
                ? incoming
                : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            context.TraceIdentifier = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeader] = id;
                return Task.CompletedTask;
            });
            using (LogContext.PushProperty(CorrelationProperty, id))
            using (LogContext.PushProperty("LaunchId", LaunchIdOf(context)))
            {
                await next(context);
            }
        });
        app.UseSerilogRequestLogging(o =>
        {
            // This host's logger: the middleware would otherwise write through the static Log.Logger.
            o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = "HTTP {RequestMethod} {RoutePattern} responded {StatusCode} in {Elapsed:0.0000} ms";
            // Replaces the default properties, which include RequestPath (patient and launch ids in our URLs).
            o.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RoutePattern", new ScalarValue(RouteOf(context))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            // Blazor's SignalR traffic and static files would drown the rest.
            o.GetLevel = (context, _, ex) => ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.GetEndpoint() is null || context.Request.Path.StartsWithSegments("/_blazor") ? LogEventLevel.Verbose
                : LogEventLevel.Information;
        });
    }

    /// <summary>The endpoint's route template ("/l/{LaunchId}/claims/{ClaimId}"), or its name; never the raw path.</summary>
    internal static string RouteOf(HttpContext context) => context.GetEndpoint() switch
    {
        RouteEndpoint route => route.RoutePattern.RawText ?? route.DisplayName ?? "(endpoint)",
        { DisplayName: { } name } => name,
        _ => "(no endpoint)",
    };

    // A launch id is the app's own random handle, not PHI; it ties a user's events together.
    private static string? LaunchIdOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/l", out var rest) && rest.Value is { Length: > 1 } r
            ? r[1..].Split('/')[0] is { } id && SaneId().IsMatch(id) ? id : null
            : null;

    private static void ApplyLogLevels(LoggerConfiguration logger, IConfigurationSection levels)
    {
        logger.MinimumLevel.Is(Level(levels["Default"]) ?? LogEventLevel.Information);
        // The OpenID Connect handler logs at Error whatever the EHR (or anyone crafting a callback URL) put in
        // error_description, and an unreadable id_token whole. Every failure it sees reaches SmartOidcEvents.RemoteFailure,
        // which logs it at Warning without either; configuration may still lower this on purpose.
        logger.MinimumLevel.Override("Microsoft.AspNetCore.Authentication.OpenIdConnect", LogEventLevel.Fatal);
        foreach (var category in levels.GetChildren().Where(c => c.Key != "Default"))
        {
            if (Level(category.Value) is { } level)
            {
                logger.MinimumLevel.Override(category.Key, level);
            }
        }
    }

    private static LogEventLevel? Level(string? value) => Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) ? level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal, // Critical and None: only the worst
    } : null;

    /// <summary>
    /// ASP.NET Core's per-request logging scope adds the raw RequestPath to every event of a request; our paths carry
    /// launch, claim and patient ids. Runs after the scope enrichment (a root enricher), so no event keeps it.
    /// </summary>
    private sealed class DropRawPathEnricher : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
    }

    // Letters, digits and a few separators, at most 64: a caller's header cannot inject into logs or headers.
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SaneId();
}
