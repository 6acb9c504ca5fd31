using System.Text;
using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

public sealed class ClinicalNoteTextTests
{
    [Fact]
    public void GivenMariaOfficeNote_WhenRead_ThenDecodedTextHasTheClinicalEvidence()
    {
        var text = ClinicalNoteText.Read(FhirFixtures.DocumentReference("doc-maria-20610-note"));

        text.ShouldNotBeNull();
        text.ShouldContain("8 months");
        text.ShouldContain("6 weeks of supervised physical therapy");
        text.ShouldContain("Kellgren-Lawrence grade 3");
    }

    [Fact]
    public void GivenLindaPreOpNote_WhenRead_ThenA1cIsThere() =>
        ClinicalNoteText.Read(FhirFixtures.DocumentReference("doc-linda-preop-note")).ShouldNotBeNull().ShouldContain("A1c 9.2%");

    [Fact]
    public void GivenJamesNote_WhenRead_ThenItHasNoSessionTimes()
    {
        var text = ClinicalNoteText.Read(FhirFixtures.DocumentReference("doc-james-90837-note")).ShouldNotBeNull();

        text.ShouldContain("Individual psychotherapy");
        text.ShouldNotContain("Start time", Case.Insensitive);
        text.ShouldNotContain("minutes", Case.Insensitive);
    }

    [Fact]
    public void GivenHtmlAttachment_WhenRead_ThenMarkupIsReducedToText()
    {
        const string html = "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>A1c&nbsp;9.2%</p><p>CKD &amp; HTN</p></body></html>";
        var note = Note("text/html", html);

        ClinicalNoteText.Read(note).ShouldBe("A1c\u00a09.2%\nCKD & HTN");
    }

    [Fact]
    public void GivenOnlyAUrlOrAPdf_WhenRead_ThenNoText()
    {
        var urlOnly = new DocumentReference { Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Url = "Binary/1" } }] };
        var pdf = Note("application/pdf", "%PDF-1.7");

        ClinicalNoteText.Read(urlOnly).ShouldBeNull();
        ClinicalNoteText.HasInlineText(pdf).ShouldBeFalse();
    }

    [Fact]
    public void GivenLatin1Charset_WhenRead_ThenDecodedWithIt()
    {
        var note = new DocumentReference
        {
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain; charset=ISO-8859-1", Data = Encoding.Latin1.GetBytes("Señora López") } }],
        };

        ClinicalNoteText.Read(note).ShouldBe("Señora López");
    }

    private static DocumentReference Note(string contentType, string text) => new()
    {
        Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = contentType, Data = Encoding.UTF8.GetBytes(text) } }],
    };
}
