namespace Bourse.Server.Conversions;

/// <summary>Settings under <c>Bourse:Convert</c>.</summary>
public sealed class ConvertOptions
{
    public const string Section = "Bourse:Convert";

    /// <summary>How long a quote can be accepted: long enough to read it, short enough that the books barely move.</summary>
    public TimeSpan QuoteLifetime { get; set; } = TimeSpan.FromSeconds(10);
}
