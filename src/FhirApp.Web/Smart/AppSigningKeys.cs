using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>
/// The app's private keys for client assertions, one PEM (PKCS#8) file per kid in Smart:KeyDirectory.
/// RSA keys sign RS384, P-384 keys ES384. Only the public halves leave this class, through the JWKS.
/// </summary>
public sealed class AppSigningKeys
{
    private readonly Dictionary<string, (AsymmetricSecurityKey Key, string Algorithm)> _keys = new(StringComparer.Ordinal);

    public AppSigningKeys(string directory, IEnumerable<(string KeyId, string Algorithm)> required, bool generateMissing)
    {
        foreach (var (kid, alg) in required.Distinct())
        {
            var path = Path.Combine(directory, kid + ".pem");
            if (!File.Exists(path))
            {
                if (!generateMissing)
                {
                    throw new InvalidOperationException($"Signing key '{kid}' not found at {path}. Put its PKCS#8 PEM there (or set Smart:GenerateMissingKeys in development).");
                }
                Directory.CreateDirectory(directory);
                var pem = alg == "ES384"
                    ? ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem()
                    : RSA.Create(3072).ExportPkcs8PrivateKeyPem();
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // never readable by others, not even briefly
                }
                using var writer = new StreamWriter(path, options);
                writer.Write(pem);
            }
            _keys[kid] = Load(kid, alg, File.ReadAllText(path));
        }
    }

    private static (AsymmetricSecurityKey, string) Load(string kid, string alg, string pem)
    {
        if (alg == "ES384")
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize != 384)
            {
                throw new InvalidOperationException($"Key '{kid}' must be a P-384 key for ES384.");
            }
            return (new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha384);
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        if (rsa.KeySize < 2048)
        {
            throw new InvalidOperationException($"Key '{kid}' must be an RSA key of at least 2048 bits for RS384.");
        }
        return (new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha384);
    }

    public SigningCredentials CredentialsFor(string kid) =>
        _keys.TryGetValue(kid, out var k)
            ? new SigningCredentials(k.Key, k.Algorithm)
            : throw new InvalidOperationException($"No signing key '{kid}' is loaded.");

    /// <summary>Public JWKS: kty, kid, alg, use and n/e or crv/x/y; never a private parameter.</summary>
    public object PublicJwks() => new
    {
        keys = _keys.Select(pair =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromSecurityKey(pair.Value.Key);
            return new Dictionary<string, string?>
            {
                ["kty"] = jwk.Kty,
                ["kid"] = pair.Key,
                ["alg"] = pair.Value.Algorithm,
                ["use"] = "sig",
                ["n"] = jwk.N,
                ["e"] = jwk.E,
                ["crv"] = jwk.Crv,
                ["x"] = jwk.X,
                ["y"] = jwk.Y,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
        }).ToList(),
    };
}
