using System.Globalization;
using System.Text;
using FhirApp.SandboxEhr.Ehr;
using FhirApp.SandboxEhr.Fhir;
using OpenIddict.Abstractions;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>Standalone launch: the "user" picks a patient; the form re-posts the original authorize parameters.</summary>
internal static class PatientPickerPage
{
    public static IResult Render(OpenIddictRequest request, FhirResourceStore store, string clientName)
    {
        var hidden = new StringBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            if (name == "patient")
            {
                continue;
            }

            hidden.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{Html.E(name)}\" value=\"{Html.E((string?)value)}\">\n");
        }

        var rows = new StringBuilder();
        foreach (var patient in PatientSummary.All(store))
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td><button type=\"submit\" name=\"patient\" value=\"{Html.E(patient.Id)}\">{Html.E(patient.Name)}</button></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Html.E(patient.BirthDate)}</td><td>{Html.E(patient.Id)}</td></tr>\n");
        }

        var body = $"""
            <div class="banner">Sandbox EHR</div>
            <h1>Select a patient</h1>
            <p>{Html.E(clientName)} asks for a patient context.</p>
            <form method="post" action="/connect/authorize">
            {hidden}
            <table><thead><tr><th>Name</th><th>Birth date</th><th>Id</th></tr></thead>
            <tbody>
            {rows}
            </tbody></table>
            </form>
            """;
        return Html.Result("Select a patient", body);
    }
}
