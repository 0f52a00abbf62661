using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Bourse.Server.Hosting;

namespace Bourse.Architecture.Tests;

/// <summary>
/// The server is a house with a room per capability (a folder, so a namespace <c>Bourse.Server.&lt;Capability&gt;</c>):
/// no two rooms may reach each other in a circle, by any type-level dependency (fields, signatures, method bodies).
/// </summary>
public sealed class ServerCapabilityTests
{
    private const string ServerNamespace = "Bourse.Server";

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(LoadGraph);

    /// <summary>
    /// Imports that close a circle today (both ends in one strongly connected component), as "From → To"; they are
    /// being taken apart. The list may only shrink: an import that closes a new circle fails the test, and so does a
    /// listed one that no longer does (then delete it here).
    /// </summary>
    private static readonly string[] KnownCircularImports =
    [
        "Apis → History", "Apis → Hosting", "Apis → Views",
        "Conversions → History", "Conversions → Hosting", "Conversions → Platform", "Conversions → Views",
        "Demo → Hosting", "Demo → Platform", "Demo → Views",
        "Email → Hosting",
        "History → Hosting",
        "Hosting → Apis", "Hosting → Conversions", "Hosting → Demo", "Hosting → Email", "Hosting → History", "Hosting → Identity", "Hosting → Platform", "Hosting → Portfolio", "Hosting → Staking", "Hosting → UserData", "Hosting → Views", "Hosting → Wallet",
        "Identity → Email", "Identity → Platform",
        "Platform → History", "Platform → Hosting", "Platform → Identity", "Platform → UserData", "Platform → Views",
        "Portfolio → History", "Portfolio → Hosting", "Portfolio → Platform", "Portfolio → Views",
        "Staking → History", "Staking → Hosting", "Staking → Platform", "Staking → Views",
        "UserData → Apis", "UserData → Platform", "UserData → Views",
        "Views → Hosting",
        "Wallet → Email", "Wallet → History", "Wallet → Hosting", "Wallet → Identity", "Wallet → Platform", "Wallet → Views",
    ];

    [Fact]
    public void Capability_folders_import_each_other_in_no_circle()
    {
        var circular = CircularImports(Graph.Value);
        var known = KnownCircularImports.ToHashSet(StringComparer.Ordinal);

        Assert.True(circular.SetEquals(known),
            $"imports that close a new circle: [{string.Join(", ", circular.Except(known).Order(StringComparer.Ordinal))}]; "
            + $"listed imports that no longer do (delete them from KnownCircularImports): [{string.Join(", ", known.Except(circular).Order(StringComparer.Ordinal))}]");
    }

    [Fact]
    public void The_graph_sees_the_server_s_capabilities()
    {
        // Guards the test above against passing on an empty or misread graph.
        Assert.True(Graph.Value.TryGetValue("Hosting", out var hosting), "no Bourse.Server.Hosting types found");
        Assert.NotEmpty(hosting);
    }

    /// <summary>Every import whose two ends lie in one circle.</summary>
    internal static HashSet<string> CircularImports(Dictionary<string, HashSet<string>> graph)
    {
        var circular = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in StronglyConnected(graph))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            foreach (var from in component)
            {
                foreach (var to in graph[from].Where(members.Contains))
                {
                    circular.Add($"{from} → {to}");
                }
            }
        }

        return circular;
    }

    /// <summary>Capability → the capabilities its types depend on (the root namespace counts as a capability of its own, "(root)").</summary>
    private static Dictionary<string, HashSet<string>> LoadGraph()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(BourseServiceExtensions).Assembly).Build();
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            if (type.Namespace?.FullName is not { } ns || CapabilityOf(ns) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var existing) ? existing : graph[from] = [];
            foreach (var dependency in type.Dependencies)
            {
                // Generic parameters and some compiler-made types have no namespace; they belong to no capability.
                if (dependency.Target?.Namespace?.FullName is { } target && CapabilityOf(target) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    private static string? CapabilityOf(string ns)
    {
        if (ns == ServerNamespace)
        {
            return "(root)";
        }

        if (!ns.StartsWith(ServerNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(ServerNamespace.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Tarjan's strongly connected components with more than one member: each is a circle of imports.</summary>
    internal static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }
}
