namespace Bourse.Server;

/// <summary>
/// The server will not start for a reason the operator must fix (its message says how), before anything has started:
/// the process prints the message and ends with <see cref="ExitCode"/> rather than a stack trace.
/// </summary>
public sealed class StartRefusedException : Exception
{
    public StartRefusedException()
    {
    }

    public StartRefusedException(string message)
        : base(message)
    {
    }

    public StartRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StartRefusedException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; } = ExitCodes.Failure;
}
