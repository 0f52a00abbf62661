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

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Loaded = new(() => new ArchLoader().LoadAssemblies(typeof(BourseServiceExtensions).Assembly).Build());

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(LoadGraph);

    private static readonly Lazy<List<EndpointUse>> EndpointUses = new(LoadEndpointUses);

    [Fact]
    public void Capability_folders_import_each_other_in_no_circle()
    {
        var circular = CircularImports(Graph.Value);

        Assert.True(circular.Count == 0,
            $"imports that close a circle between capability folders: [{string.Join(", ", circular.Order(StringComparer.Ordinal))}]");
    }

    [Fact]
    public void Only_the_composition_maps_a_feature_s_endpoints()
    {
        // A feature's endpoints (its *Api class) are its front door for HTTP clients, not a library for other features:
        // what two features share lives below both (Http/, Views/, Engine/, ...). Hosting maps them all.
        var offenders = EndpointUses.Value
            .Where(use => use.FromCapability != use.ToCapability && use.FromCapability != "Hosting")
            .Select(use => $"{use.From} → {use.To}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, $"endpoint classes used outside their own folder: [{string.Join(", ", offenders)}]");
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
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Loaded.Value.Types)
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

    /// <summary>Every use of a capability's endpoint class (a type named *Api, nested types included) by another type.</summary>
    private static List<EndpointUse> LoadEndpointUses()
    {
        var uses = new List<EndpointUse>();
        foreach (var type in Loaded.Value.Types)
        {
            if (type.Namespace?.FullName is not { } ns || CapabilityOf(ns) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (dependency.Target is { Namespace.FullName: { } target } targetType && CapabilityOf(target) is { } to
                    && OuterName(targetType.Name).EndsWith("Api", StringComparison.Ordinal))
                {
                    uses.Add(new EndpointUse(type.Name, from, targetType.Name, to));
                }
            }
        }

        return uses;
    }

    /// <summary>The outermost type's name: "BinanceTradeApi" for the nested "BinanceTradeApi+Services".</summary>
    private static string OuterName(string name) => name.Split('+')[0];

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

    private sealed record EndpointUse(string From, string FromCapability, string To, string ToCapability);

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
