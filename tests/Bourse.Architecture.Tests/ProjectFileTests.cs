using System.Xml.Linq;

namespace Bourse.Architecture.Tests;

/// <summary>
/// What the project files declare, not only what the compiled code uses: the compiler inlines constants and drops
/// unused references, so a protocol project could declare ASP.NET Core, or a project a reference up the layers, and
/// the assembly test would not see it until the first real use.
/// </summary>
public sealed class ProjectFileTests
{
    public static TheoryData<string> ProtocolAndDomainProjects =>
        ["Bourse.Core", "Bourse.Journal", "Bourse.Engine", "Bourse.MarketData", "Bourse.Store", "Bourse.Trading", "Bourse.Api"];

    [Theory]
    [MemberData(nameof(ProtocolAndDomainProjects))]
    public void A_protocol_or_domain_project_declares_no_web_framework(string project)
    {
        var file = ProjectFile(project);

        Assert.Equal("Microsoft.NET.Sdk", file.Root!.Attribute("Sdk")?.Value);
        Assert.DoesNotContain(file.Descendants("FrameworkReference"), r => r.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
    }

    [Theory]
    [MemberData(nameof(ProjectReferenceTests.AllowedReferences), MemberType = typeof(ProjectReferenceTests))]
    public void A_project_declares_only_the_projects_below_it(string project, string[] allowed)
    {
        var declared = ProjectFile(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));

        Assert.Empty(declared.Except(allowed));
    }

    private static XDocument ProjectFile(string project) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), "src", project, project + ".csproj"));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bourse.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Bourse.slnx above {AppContext.BaseDirectory}");
    }
}
