namespace Bourse.Server.History;

/// <summary>What a history query answered: <see cref="Value"/> when it <see cref="Succeeded"/>, else nothing (the database failed).</summary>
public readonly record struct HistoryRead<T>(bool Succeeded, T Value);
