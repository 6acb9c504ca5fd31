using System.Text.Encodings.Web;

namespace FhirApp.SandboxEhr.Ehr;

internal static class Html
{
    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{E(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2733; }
        table { border-collapse: collapse; } td, th { padding: .3rem .8rem; border-bottom: 1px solid #dde; text-align: left; }
        .banner { background: #234; color: #fff; padding: .6rem 1rem; margin: -2rem -2rem 1rem; }
        fieldset { margin-top: 1.5rem; max-width: 46rem; } label { display: block; margin: .3rem 0; }
        </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    public static IResult Result(string title, string body, int status = 200) =>
        Results.Content(Page(title, body), "text/html; charset=utf-8", statusCode: status);
}
