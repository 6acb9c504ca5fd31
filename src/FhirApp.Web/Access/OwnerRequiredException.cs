namespace FhirApp.Web.Access;

/// <summary>A practice-wide switch was asked for by someone who is not one of the practice's owners; nothing changed.</summary>
public sealed class OwnerRequiredException(string message) : InvalidOperationException(message);
