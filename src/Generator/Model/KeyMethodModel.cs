namespace TicketKeys.Generator.Model;

/// <summary>A provider's key method: its name, and whether it takes the connection's <c>TicketCallbackContext</c>.</summary>
internal sealed record KeyMethodModel(string Name, bool TakesContext);
