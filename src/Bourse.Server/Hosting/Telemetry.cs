using OpenTelemetry.Trace;

namespace Bourse.Server.Hosting;

/// <summary>
/// Traces with OpenTelemetry: request spans always, exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (so a
/// laptop run does not try to reach a collector that is not there). Metrics go to Prometheus at <c>/metrics</c> on the
/// management listener (<see cref="ManagementServer"/>).
/// </summary>
public static class Telemetry
{
    public const string ActivitySource = "Bourse";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var exportTo = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
        {
            // Query values are redacted by the instrumentation; a path can hold a credential too (/ws/<listenKey>).
            tracing.AddSource(ActivitySource).AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = RedactPath);
            if (!string.IsNullOrEmpty(exportTo))
            {
                tracing.AddOtlpExporter();
            }
        });
        // prometheus-net gives every .NET histogram one default bucket set starting at 10 ms, too coarse for an fsync;
        // use the buckets an instrument advises when it has them.
        Prometheus.Metrics.ConfigureMeterAdapter(options => options.ResolveHistogramBuckets = HistogramBuckets);
        return builder;
    }

    /// <summary>A span's <c>url.path</c> with the secrets it holds masked (<see cref="SecretRedaction"/>).</summary>
    public static void RedactPath(System.Diagnostics.Activity activity, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Path.Value is { } path && SecretRedaction.Redact(path) is var redacted && !ReferenceEquals(path, redacted))
        {
            activity.SetTag("url.path", redacted);
        }
    }

    /// <summary>The buckets an instrument advises, else prometheus-net's defaults.</summary>
    public static double[] HistogramBuckets(System.Diagnostics.Metrics.Instrument instrument) =>
        (instrument as System.Diagnostics.Metrics.Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray()
        ?? Prometheus.MeterAdapterOptions.DefaultHistogramBuckets;
}
