namespace FhirApp.Web.Smart;

public enum ClientAuthenticationMethod
{
    PrivateKeyJwt,
    ClientSecretBasic,
}
