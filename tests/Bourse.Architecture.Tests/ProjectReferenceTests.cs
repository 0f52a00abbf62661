using System.Reflection;
using Bourse.Core;
using Bourse.Engine;
using Bourse.Identity;
using Bourse.Journal;
using Bourse.MarketData;
using Bourse.Server.Hosting;
using Bourse.Store;

namespace Bourse.Architecture.Tests;

/// <summary>
/// The direction of every dependency between the projects: the core depends on nothing, each layer only on the ones
/// below it, and only the server (and identity, for its password hasher and data protection) on ASP.NET Core. The
/// compiler drops references a project declares but never uses, so these are the references the code really makes.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Assembly Core = typeof(ExchangeCore).Assembly;
    private static readonly Assembly Journal = typeof(ICommandLog).Assembly;
    private static readonly Assembly Engine = typeof(ExchangeEngine).Assembly;
    private static readonly Assembly MarketData = typeof(MarketDataStore).Assembly;
    private static readonly Assembly Store = typeof(IHistoryStore).Assembly;
    private static readonly Assembly Identity = typeof(Accounts).Assembly;
    private static readonly Assembly Trading = typeof(Bourse.Trading.TradingIntake).Assembly;
    private static readonly Assembly Api = typeof(Bourse.Api.Binance.BinanceErrors).Assembly;
    private static readonly Assembly Server = typeof(BourseServiceExtensions).Assembly;

    /// <summary>Which Bourse projects each project may use; anything else points the wrong way.</summary>
    public static TheoryData<string, string[]> AllowedReferences => new()
    {
        { "Bourse.Core", [] },
        { "Bourse.Journal", [] },
        { "Bourse.Engine", ["Bourse.Core", "Bourse.Journal"] },
        { "Bourse.MarketData", ["Bourse.Core"] },
        { "Bourse.Store", ["Bourse.Core", "Bourse.Identity"] },
        { "Bourse.Identity", [] },
        { "Bourse.Trading", ["Bourse.Core", "Bourse.Engine"] },
        { "Bourse.Api", ["Bourse.Core", "Bourse.Trading"] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void A_project_uses_only_the_projects_below_it(string project, string[] allowed)
    {
        var used = BourseReferences(ByName(project));

        Assert.Empty(used.Except(allowed));
    }

    [Fact]
    public void The_core_references_nothing_but_the_runtime()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name is "System.Runtime" or "System.Collections" or "System.Memory"
            or "System.Security.Cryptography" or "System.Runtime.Intrinsics" or "System.Linq" or "System.Text.Encoding.Extensions",
            $"Bourse.Core references {name}"));
    }

    [Theory]
    [InlineData("Bourse.Core")]
    [InlineData("Bourse.Journal")]
    [InlineData("Bourse.Engine")]
    [InlineData("Bourse.MarketData")]
    [InlineData("Bourse.Store")]
    [InlineData("Bourse.Trading")]
    [InlineData("Bourse.Api")]
    public void Protocol_and_domain_projects_know_nothing_of_ASP_NET_Core(string project)
    {
        var aspNet = ByName(project).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal));

        Assert.Empty(aspNet);
    }

    [Fact]
    public void Nothing_but_the_server_references_the_server()
    {
        Assembly[] others = [Core, Journal, Engine, MarketData, Store, Identity, Trading, Api];

        Assert.All(others, assembly => Assert.DoesNotContain(Server.GetName().Name, BourseReferences(assembly)));
    }

    internal static Assembly ByName(string project) =>
        new[] { Core, Journal, Engine, MarketData, Store, Identity, Trading, Api, Server }.Single(a => a.GetName().Name == project);

    private static List<string> BourseReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("Bourse.", StringComparison.Ordinal))];
}
