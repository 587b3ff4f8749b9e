namespace TicketKeys.Roslyn;

/// <summary>The provider type rules.</summary>
internal enum ProviderTypeProblemKind
{
    NotAClass,
    NotPartial,
    Static,
    Generic,
    OuterNotPartial,
    OuterGeneric,
}
