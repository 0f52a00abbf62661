namespace Bourse.Architecture.Tests;

/// <summary>The circle finder the capability test relies on, on graphs small enough to check by eye.</summary>
public sealed class CycleDetectionTests
{
    [Fact]
    public void A_chain_has_no_circle()
    {
        var graph = Graph(("A", "B"), ("B", "C"));

        Assert.Empty(ServerCapabilityTests.StronglyConnected(graph));
    }

    [Fact]
    public void Two_folders_importing_each_other_form_a_circle()
    {
        var graph = Graph(("A", "B"), ("B", "A"), ("B", "C"));

        var cycle = Assert.Single(ServerCapabilityTests.StronglyConnected(graph));
        Assert.Equal(["A", "B"], cycle.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_long_way_round_is_a_circle_too()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("C", "D"), ("D", "B"), ("E", "A"));

        var cycle = Assert.Single(ServerCapabilityTests.StronglyConnected(graph));
        Assert.Equal(["B", "C", "D"], cycle.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, HashSet<string>> Graph(params (string From, string To)[] edges)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            (graph.TryGetValue(from, out var set) ? set : graph[from] = []).Add(to);
            graph.TryAdd(to, []);
        }

        return graph;
    }
}
