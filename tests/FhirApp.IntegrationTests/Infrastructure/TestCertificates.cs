using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>Self-signed certificates made for a test run: the key ring's (DataProtection:CertificatePath).</summary>
public static class TestCertificates
{
    public const string Password = "pfx-pass";

    /// <summary>Writes a new PKCS#12 file with its private key (password <see cref="Password"/>); returns the DER certificate, base64.</summary>
    public static string WriteKeyRingCertificate(string path)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=FhirApp key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return Convert.ToBase64String(certificate.RawData);
    }
}
