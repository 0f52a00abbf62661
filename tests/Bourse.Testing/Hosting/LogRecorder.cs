using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bourse.Testing.Hosting;

/// <summary>
/// Keeps one host's log in memory as the JSON console would print it (one object a line, with the same
/// <c>LogLevel</c>, <c>Category</c> and <c>Message</c> properties), so tests read it as they read a child's output.
/// </summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<string> _lines = [];

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            recorder.Add(JsonSerializer.Serialize(new Entry(eventId.Id, logLevel.ToString(), category, formatter(state, exception), exception?.ToString()), Readable));
        }
    }

    private sealed record Entry(int EventId, string LogLevel, string Category, string Message, string? Exception);
}
