using System.Reflection;
using Xunit.Sdk;

namespace Wren.MailAuth.Tests.Spf;

/// <summary>Every case of an openspf suite file as one theory row, named "scenario / test".</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class SpfSuiteDataAttribute(string file) : DataAttribute
{
    /// <summary>The suite file under spf/.</summary>
    public string File { get; } = file;

    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        SpfSuite.Load(File).Keys.Select(id => new object[] { id });
}
