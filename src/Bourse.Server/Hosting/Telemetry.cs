using OpenTelemetry.Trace;

namespace Bourse.Server.Hosting;

/// <summary>
/// Traces with OpenTelemetry: request spans always, exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (so a
/// laptop run does not try to reach a collector that is not there). Metrics go to Prometheus at <c>/metrics</c>.
/// </summary>
public static class Telemetry
{
    public const string ActivitySource = "Bourse";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var exportTo = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(ActivitySource).AddAspNetCoreInstrumentation();
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

    /// <summary>The buckets an instrument advises, else prometheus-net's defaults.</summary>
    public static double[] HistogramBuckets(System.Diagnostics.Metrics.Instrument instrument) =>
        (instrument as System.Diagnostics.Metrics.Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray()
        ?? Prometheus.MeterAdapterOptions.DefaultHistogramBuckets;
}
