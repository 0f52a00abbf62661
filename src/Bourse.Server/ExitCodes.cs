namespace Bourse.Server;

/// <summary>
/// How <c>bourse</c> ends, so a supervisor can tell a crash worth restarting from a setup it must not retry
/// (systemd's <c>RestartPreventExitStatus=2 3 4</c>).
/// </summary>
public static class ExitCodes
{
    /// <summary>Stopped cleanly, or printed what was asked (<c>--help</c>, <c>--version</c>).</summary>
    public const int Success = 0;

    /// <summary>Failed to start or failed while running; the log or standard error says why.</summary>
    public const int Failure = 1;

    /// <summary>An unknown command or flag, or a flag without its value; the usage went to standard error.</summary>
    public const int Usage = 2;

    /// <summary>Another process holds the data directory's lock (<c>bourse.lock</c>).</summary>
    public const int DataDirectoryInUse = 3;

    /// <summary>The data directory is open to group or others; <c>chmod 700</c> it.</summary>
    public const int DataDirectoryExposed = 4;
}
