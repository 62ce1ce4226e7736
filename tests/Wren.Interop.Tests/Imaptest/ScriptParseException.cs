namespace Wren.Interop.Tests.Imaptest;

/// <summary>A script does not follow imaptest's format; the message names the script and line.</summary>
public sealed class ScriptParseException(string message) : Exception(message);
