using Xunit;

namespace TicketKeys.Integration.Tests.Support;

/// <summary>
/// Tests that build, pack or <c>dotnet run</c> projects of this repository run one at a time: two MSBuild runs over one
/// project's obj folder at once can break each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryBuildCollection
{
    public const string Name = "Repository builds";
}
