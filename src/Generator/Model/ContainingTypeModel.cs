namespace TicketKeys.Generator.Model;

/// <summary>A type the provider is nested in: its declaration keyword (<c>class</c>, <c>record struct</c>…) and name.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);
