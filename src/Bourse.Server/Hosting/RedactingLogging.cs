using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Hosting;

/// <summary>
/// Puts <see cref="SecretRedaction"/> between every logger and every provider, whatever the level and whoever logs:
/// ASP.NET Core's request lines (<c>Request starting … ?signature=…</c>), routing's and static files' debug lines with
/// the path, the request scope's <c>RequestPath</c>, and ours. It wraps the logger factory rather than the providers, so
/// the providers keep their types (and the <c>Logging:&lt;Provider&gt;:LogLevel</c> rules that name them), and a host
/// that swaps the providers (a test's) is covered too.
/// </summary>
public static class RedactingLogging
{
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        // Pushed as they are (a scope is made per request, logged or not), redacted when a line is written with them.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(RedactedScope.Of(state));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = SecretRedaction.Redact(formatter(state, exception));
            inner.Log(logLevel, eventId, new RedactedValues(message, state as IEnumerable<KeyValuePair<string, object?>>), RedactedException.Of(exception),
                static (values, _) => values.Message);
        }
    }

    /// <summary>A log entry's values, each redacted as it is read; what the JSON console writes under <c>State</c>.</summary>
    private sealed class RedactedValues(string message, IEnumerable<KeyValuePair<string, object?>>? values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private const string OriginalFormat = "{OriginalFormat}";
        private KeyValuePair<string, object?>[]? _values;

        public string Message { get; } = message;

        public int Count => Values.Length;

        private KeyValuePair<string, object?>[] Values => _values ??= values?.Select(Redact).ToArray() ?? [];

        public KeyValuePair<string, object?> this[int index] => Values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;

        private static KeyValuePair<string, object?> Redact(KeyValuePair<string, object?> pair) => pair switch
        {
            { Key: OriginalFormat } => pair,
            { Value: string text } => new(pair.Key, SecretRedaction.Redact(text)),
            { Value: null or ValueType } => pair,
            // Anything else is written by its text (a PathString, a QueryString, a Uri).
            _ => RedactText(pair),
        };
    }

    private static KeyValuePair<string, object?> RedactText(KeyValuePair<string, object?> pair)
    {
        var text = pair.Value?.ToString() ?? "";
        var redacted = SecretRedaction.Redact(text);
        return ReferenceEquals(text, redacted) ? pair : new(pair.Key, redacted);
    }

    /// <summary>A scope whose values and text are redacted when a log line is written with it.</summary>
    private class RedactedScope(object state)
    {
        public static object Of(object state) => state switch
        {
            IEnumerable<KeyValuePair<string, object?>> values => new RedactedScopeValues(state, values),
            _ => new RedactedScope(state),
        };

        public override string ToString() => SecretRedaction.Redact(state.ToString() ?? "");
    }

    private sealed class RedactedScopeValues(object state, IEnumerable<KeyValuePair<string, object?>> values)
        : RedactedScope(state), IReadOnlyList<KeyValuePair<string, object?>>
    {
        private RedactedValues Redacted => field ??= new RedactedValues("", values);

        public int Count => Redacted.Count;

        public KeyValuePair<string, object?> this[int index] => Redacted[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Redacted.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>An exception as its text, redacted, when that text holds a secret (a request line in a parser's message).</summary>
    private sealed class RedactedException : Exception
    {
        private readonly string _text;

        private RedactedException(string text, Exception original)
            : base(SecretRedaction.Redact(original.Message)) => _text = text;

        public static Exception? Of(Exception? exception)
        {
            if (exception is null)
            {
                return null;
            }

            var text = exception.ToString();
            var redacted = SecretRedaction.Redact(text);
            return ReferenceEquals(text, redacted) ? exception : new RedactedException(redacted, exception);
        }

        public override string ToString() => _text;
    }
}
