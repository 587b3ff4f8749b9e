namespace TicketKeys.Roslyn;

/// <summary>One broken provider type rule, and the type it is about (the provider or an enclosing type).</summary>
internal readonly struct ProviderTypeProblem
{
    public ProviderTypeProblem(ProviderTypeProblemKind kind, string typeName)
    {
        Kind = kind;
        TypeName = typeName;
    }

    public ProviderTypeProblemKind Kind { get; }

    public string TypeName { get; }
}
