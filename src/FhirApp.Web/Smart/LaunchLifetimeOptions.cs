using System.ComponentModel.DataAnnotations;

namespace FhirApp.Web.Smart;

/// <summary>
/// How long a launch, and so its tokens, lives (configuration section "Smart:Launch"). A launch ends when the EHR refuses
/// it, when its access token expires without a refresh token, when nobody used it for <see cref="IdleMinutes"/>, or
/// <see cref="MaxHours"/> after it started; its tokens are erased then, and the user launches again from the EHR.
/// </summary>
public sealed class LaunchLifetimeOptions
{
    public const string Section = "Smart:Launch";

    [Range(5, 24 * 60)]
    public int IdleMinutes { get; set; } = 120;

    /// <summary>The browser session cookie lasts as long: a launch never outlives the session that started it.</summary>
    [Range(1, 24)]
    public int MaxHours { get; set; } = 12;

    public TimeSpan Idle => TimeSpan.FromMinutes(IdleMinutes);

    public TimeSpan Max => TimeSpan.FromHours(MaxHours);
}
