namespace RpcLab.Seminar.Checks;

/// <summary>
/// Finds check suites by the name a sheet's front matter gives. A suite is one class in this assembly implementing
/// <see cref="ILabCheckSuite"/> with a parameterless constructor, found by reflection, so adding a lab's checks is
/// writing that class and naming it in the sheet: there is no list to keep in step. Thread-safe.
/// </summary>
public static class CheckSuites
{
    private static readonly Lazy<IReadOnlyList<ILabCheckSuite>> Discovered = new(() =>
        typeof(ILabCheckSuite).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILabCheckSuite).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ILabCheckSuite)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList());

    /// <summary>Every suite in this assembly.</summary>
    public static IReadOnlyList<ILabCheckSuite> All => Discovered.Value;

    /// <summary>The suite named <paramref name="name"/> in this assembly, or null.</summary>
    public static ILabCheckSuite? Find(string name) => Find(name, All);

    /// <summary>
    /// The suite named <paramref name="name"/> among <paramref name="suites"/>, or null: for a caller with suites of its
    /// own (a test's fake suite lives in the test assembly, which discovery never looks at).
    /// </summary>
    public static ILabCheckSuite? Find(string name, IEnumerable<ILabCheckSuite> suites) =>
        suites.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
