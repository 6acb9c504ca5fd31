using System.Globalization;
using System.Text;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Ehr;

/// <summary>The pretend EHR: a patient list with launch buttons, and /ehr/launch which mints launch codes.</summary>
internal static class EhrEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home);
        app.MapGet("/ehr", Home);
        app.MapGet("/ehr/launch", Launch);
        app.MapGet("/ehr/smart-style.json", () => Results.Json(new Dictionary<string, object>
        {
            ["color_background"] = "#edeae3",
            ["color_error"] = "#9e2d2d",
            ["color_highlight"] = "#69b5ce",
            ["color_modal_backdrop"] = "",
            ["color_success"] = "#498e49",
            ["color_text"] = "#303030",
            ["dim_border_radius"] = "6px",
            ["dim_font_size"] = "13px",
            ["dim_spacing_size"] = "20px",
            ["font_family_body"] = "Georgia, Times, 'Times New Roman', serif",
            ["font_family_heading"] = "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif;",
        }));
    }

    private static IResult Home(HttpContext http, FhirResourceStore store, ClientRegistry clients, IOptions<SandboxOptions> options)
    {
        var user = http.Request.Query["user"].FirstOrDefault() is { Length: > 0 } u ? u : options.Value.DefaultUser;
        var users = new StringBuilder();
        foreach (var practitioner in store.OfType("Practitioner"))
        {
            var selected = practitioner.Reference == user ? " selected" : "";
            users.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.E(practitioner.Reference)}\"{selected}>{Html.E(PatientSummary.DisplayName(practitioner.Element))} ({Html.E(practitioner.Reference)})</option>");
        }

        if (store.OfType("Practitioner").All(p => p.Reference != user))
        {
            users.Insert(0, $"<option value=\"{Html.E(user)}\" selected>{Html.E(user)}</option>");
        }

        var rows = new StringBuilder();
        foreach (var patient in PatientSummary.All(store))
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(patient.Name)}</td><td>{Html.E(patient.BirthDate)}</td><td>{Html.E(patient.Id)}</td><td>");
            foreach (var client in clients.All.Where(c => !string.IsNullOrEmpty(c.LaunchUrl)))
            {
                var href = QueryHelpers.AddQueryString("/ehr/launch", new Dictionary<string, string?>
                {
                    ["client_id"] = client.ClientId,
                    ["patient"] = patient.Id,
                    ["user"] = user,
                });
                rows.Append(CultureInfo.InvariantCulture, $"<a class=\"launch\" data-patient=\"{Html.E(patient.Id)}\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href)}\">Launch {Html.E(client.Name)}</a> ");
                rows.Append(CultureInfo.InvariantCulture, $"<a class=\"launch-embedded\" data-patient=\"{Html.E(patient.Id)}\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href + "&embed=true")}\">Open chart with {Html.E(client.Name)} inside</a> ");
            }

            rows.Append("</td></tr>\n");
        }

        var worklists = new StringBuilder();
        foreach (var client in clients.All.Where(c => !string.IsNullOrEmpty(c.LaunchUrl)))
        {
            var href = QueryHelpers.AddQueryString("/ehr/launch", new Dictionary<string, string?> { ["client_id"] = client.ClientId, ["user"] = user });
            worklists.Append(CultureInfo.InvariantCulture, $"<li><a class=\"launch-practice\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href)}\">Billing worklist: {Html.E(client.Name)}</a> "
                + $"<a class=\"launch-practice-embedded\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href + "&embed=true")}\">(inside the EHR)</a></li>");
        }

        // The user's inbox: open Tasks they own (documentation requests), each launchable with the Task as fhirContext.
        var inbox = new StringBuilder();
        foreach (var task in store.OfType("Task"))
        {
            var status = JsonPaths.String(task.Element, "status");
            if (!JsonPaths.References(task.Element, "owner").Contains(user) || status is not ("requested" or "received" or "accepted" or "ready" or "in-progress"))
            {
                continue;
            }

            var patientId = JsonPaths.References(task.Element, "for").FirstOrDefault() is { } forRef && forRef.StartsWith("Patient/", StringComparison.Ordinal) ? forRef["Patient/".Length..] : null;
            inbox.Append(CultureInfo.InvariantCulture, $"<li>{Html.E(JsonPaths.String(task.Element, "description") ?? task.Reference)} ");
            foreach (var client in clients.All.Where(c => !string.IsNullOrEmpty(c.LaunchUrl)))
            {
                var href = QueryHelpers.AddQueryString("/ehr/launch", new Dictionary<string, string?>
                {
                    ["client_id"] = client.ClientId,
                    ["patient"] = patientId,
                    ["user"] = user,
                    ["fhir_context"] = task.Reference,
                });
                inbox.Append(CultureInfo.InvariantCulture, $"<a class=\"launch-task\" data-task=\"{Html.E(task.Reference)}\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href)}\">Open in {Html.E(client.Name)}</a> ");
                inbox.Append(CultureInfo.InvariantCulture, $"<a class=\"launch-task-embedded\" data-task=\"{Html.E(task.Reference)}\" data-client=\"{Html.E(client.ClientId)}\" href=\"{Html.E(href + "&embed=true")}\">(inside the EHR)</a> ");
            }

            inbox.Append("</li>");
        }

        var clientOptions = string.Concat(clients.All.Where(c => !string.IsNullOrEmpty(c.LaunchUrl))
            .Select(c => $"<option value=\"{Html.E(c.ClientId)}\">{Html.E(c.Name)}</option>"));
        var patientOptions = string.Concat(PatientSummary.All(store).Select(p => $"<option value=\"{Html.E(p.Id)}\">{Html.E(p.Name)} ({Html.E(p.Id)})</option>"));
        var body = $"""
            <div class="banner">Sandbox EHR — signed in as {Html.E(user)}</div>
            <form method="get" action="/ehr"><label>User <select name="user" onchange="this.form.submit()">{users}</select></label><noscript><button>Switch</button></noscript></form>
            <h1>Inbox</h1>
            {(inbox.Length == 0 ? "<p id=\"inbox-empty\">No open tasks for you.</p>" : $"<ul id=\"inbox\">{inbox}</ul>")}
            <h1>Billing worklist</h1>
            <p>Practice-level launch: no patient in context; the app gets the signed-in user's user/ scopes.</p>
            <ul>{worklists}</ul>
            <h1>Patients</h1>
            <table><thead><tr><th>Name</th><th>Birth date</th><th>Id</th><th></th></tr></thead>
            <tbody>
            {rows}
            </tbody></table>
            <form method="get" action="/ehr/launch">
            <fieldset><legend>Launch options</legend>
            <input type="hidden" name="user" value="{Html.E(user)}">
            <label>App <select name="client_id">{clientOptions}</select></label>
            <label>Patient <select name="patient">{patientOptions}<option value="">(none: practice launch)</option></select></label>
            <label>Encounter id <input name="encounter"></label>
            <label>Intent <input name="intent" placeholder="e.g. reconcile-claim"></label>
            <label>need_patient_banner <select name="need_patient_banner"><option>true</option><option>false</option></select></label>
            <label>Deny scopes (space-separated) <input name="scope_deny" size="60" placeholder="patient/DocumentReference.rs"></label>
            <label>fhirUser form <select name="fhir_user_form"><option>relative</option><option>absolute</option></select></label>
            <label>Tenant <input name="tenant"></label>
            <button type="submit">Launch</button>
            </fieldset>
            </form>
            """;
        return Html.Result("Sandbox EHR", body);
    }

    private static IResult Launch(HttpContext http, FhirResourceStore store, ClientRegistry clients, LaunchCodeStore launchCodes, SandboxUrls urls, IOptions<SandboxOptions> options)
    {
        var query = http.Request.Query;
        var client = clients.Find(query["client_id"].FirstOrDefault());
        if (client is null || string.IsNullOrEmpty(client.LaunchUrl))
        {
            return Html.Result("Launch failed", "<p>Unknown client_id, or the client has no LaunchUrl.</p>", 400);
        }

        // No patient: a practice-level launch (a billing worklist); the token then carries user/ scopes and no patient.
        var patient = query["patient"].FirstOrDefault() is { Length: > 0 } p ? p : null;
        if (patient is not null && store.Get("Patient", patient) is null)
        {
            return Html.Result("Launch failed", "<p>Unknown patient.</p>", 400);
        }

        var encounter = query["encounter"].FirstOrDefault() is { Length: > 0 } e ? e : null;
        var fhirContext = new List<string>();
        if (encounter is not null)
        {
            fhirContext.Add($"Encounter/{encounter}");
        }

        fhirContext.AddRange(Split(query["fhir_context"].FirstOrDefault()));
        // Embedded: the EHR's own chart page frames the app, as web EHRs do, and shows its own patient header, so the app's
        // banner is off unless asked for.
        var embedded = string.Equals(query["embed"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        var banner = query["need_patient_banner"].FirstOrDefault() ?? (embedded ? "false" : null);
        var context = new LaunchContext
        {
            ClientId = client.ClientId,
            Patient = patient,
            User = query["user"].FirstOrDefault() is { Length: > 0 } user ? user : options.Value.DefaultUser,
            Encounter = encounter,
            FhirContext = fhirContext,
            Intent = query["intent"].FirstOrDefault() is { Length: > 0 } intent ? intent : null,
            NeedPatientBanner = !string.Equals(banner, "false", StringComparison.OrdinalIgnoreCase),
            SmartStyleUrl = urls.Base(http.Request) + "/ehr/smart-style.json",
            Tenant = query["tenant"].FirstOrDefault() is { Length: > 0 } tenant ? tenant : null,
            ScopeDeny = [.. Split(query["scope_deny"].FirstOrDefault())],
            FhirUserForm = query["fhir_user_form"].FirstOrDefault() == "absolute" ? "absolute" : "relative",
        };
        var code = launchCodes.Create(context);
        var launchUrl = patient is null && !string.IsNullOrEmpty(client.PracticeLaunchUrl) ? client.PracticeLaunchUrl : client.LaunchUrl;
        var target = QueryHelpers.AddQueryString(launchUrl, new Dictionary<string, string?>
        {
            ["iss"] = urls.FhirBase(http.Request),
            ["launch"] = code,
        });
        return embedded ? EmbeddedChart(store, patient, context.User, client.Name, target) : Results.Redirect(target);
    }

    /// <summary>The EHR's chart page with the app inside a 1024×700 frame (a small laptop's share of an EHR window).</summary>
    private static IResult EmbeddedChart(FhirResourceStore store, string? patient, string user, string app, string launchTarget)
    {
        var who = patient is null ? "Billing worklist" : PatientSummary.All(store).FirstOrDefault(p => p.Id == patient)?.Name ?? patient;
        var body = $"""
            <div class="banner">Sandbox EHR — signed in as {Html.E(user)} · <a href="/ehr?user={Html.E(Uri.EscapeDataString(user))}" style="color:#fff">Back to the patient list</a></div>
            <h1 id="chart-heading">{Html.E(who)}</h1>
            <iframe id="app-frame" title="{Html.E(app)}" src="{Html.E(launchTarget)}" width="1024" height="700" style="border:1px solid #99a"></iframe>
            """;
        return Html.Result($"Chart: {who}", body);
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
