using Bourse.Core.Model;

namespace Bourse.MarketData.Books;

/// <summary>One <c>BookLevelChanged</c> event as the per-command change log keeps it.</summary>
internal readonly record struct LevelChange(long UpdateId, long Time, Side Side, long Price, long Quantity);
