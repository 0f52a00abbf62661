namespace Bourse.Journal;

/// <summary>One segment file of the log and the sequence of its first record.</summary>
internal readonly record struct Segment(long FirstSequence, string Path);
