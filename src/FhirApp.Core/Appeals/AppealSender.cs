using System.Net.Http.Headers;
using System.Text;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Sends an appeal packet to the payer by the channel configured for it (<see cref="AppealOptions.Payers"/>): the Da Vinci
/// CDex <c>$submit-attachment</c> operation posted to the payer's FHIR base, whose answer (an HTTP success, with an
/// OperationOutcome) is the acknowledgement kept; or, for a payer without an API, an export the biller uploads to the
/// portal or faxes (the PDF, with a fax cover sheet for fax), sent only once the biller enters its confirmation.
/// </summary>
/// <param name="client">A client per send (from the host's IHttpClientFactory, so handlers rotate).</param>
public sealed class AppealSender(Func<HttpClient> client, AppealOptions options)
{
    public const string Cdex = "cdex";
    public const string Portal = "portal";
    public const string Fax = "fax";

    /// <summary>The payer's channel; a payer not configured gets the portal export.</summary>
    public PayerChannelOptions ChannelFor(string? payerId) =>
        payerId is not null && options.Payers.TryGetValue(payerId, out var channel) ? channel : new PayerChannelOptions { Channel = Portal };

    /// <summary>
    /// Posts the Parameters to <c>[endpoint]/$submit-attachment</c>. Success: the payer's acknowledgement (its tracking
    /// number from the OperationOutcome, else the HTTP status) and the OperationOutcome as received. A refusal or an
    /// unreachable payer throws <see cref="AppealSendException"/> with a plain message: nothing is marked as sent.
    /// </summary>
    public async Task<SendReceipt> SubmitAttachmentAsync(PayerChannelOptions channel, Parameters parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(parameters);
        if (channel.Channel != Cdex || string.IsNullOrWhiteSpace(channel.Endpoint) || !Uri.TryCreate(channel.Endpoint.TrimEnd('/') + "/$submit-attachment", UriKind.Absolute, out var url))
        {
            throw new AppealSendException("This payer has no CDex endpoint configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(new FhirJsonSerializer().SerializeToString(parameters), Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        HttpResponseMessage response;
        try
        {
            response = await client().SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new AppealSendException("The payer's endpoint did not answer; nothing was sent. Try again later.", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new AppealSendException("The payer's endpoint timed out; nothing was marked as sent. Try again later.", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var outcome = TryOutcome(body);
            var said = outcome?.Issue.Select(i => i.Details?.Text ?? i.Diagnostics).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
            if (!response.IsSuccessStatusCode)
            {
                throw new AppealSendException($"The payer refused the packet ({(int)response.StatusCode}){(said is null ? "" : ": " + FhirValues.Truncate(said, 200))}.");
            }

            var tracking = outcome?.Issue.SelectMany(i => i.Details?.Coding ?? []).FirstOrDefault(c => c.System?.EndsWith("tracking-id", StringComparison.Ordinal) == true)?.Code
                ?? response.Headers.Location?.ToString()
                ?? said
                ?? $"HTTP {(int)response.StatusCode}";
            return new SendReceipt(Cdex, tracking, body.Length == 0 ? null : body);
        }
    }

    private static OperationOutcome? TryOutcome(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return new FhirJsonDeserializer().Deserialize<OperationOutcome>(body);
        }
        catch (DeserializationFailedException)
        {
            return null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
