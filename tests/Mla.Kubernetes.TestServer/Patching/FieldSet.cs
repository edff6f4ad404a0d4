using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// An immutable set of field paths (structured-merge-diff's <c>fieldpath.Set</c>): each path is a sequence of
/// <see cref="FieldPathElement"/>s; a path that is a member and also has members below it is written with the
/// <c>"."</c> marker in FieldsV1.
/// </summary>
internal sealed class FieldSet
{
    private readonly HashSet<string> paths;

    private FieldSet(HashSet<string> paths) => this.paths = paths;

    public static FieldSet Empty { get; } = new([]);

    public bool IsEmpty => paths.Count == 0;

    public int Count => paths.Count;

    public static FieldSet Of(IEnumerable<IReadOnlyList<string>> paths) => new(paths.Select(Join).ToHashSet(StringComparer.Ordinal));

    public bool Contains(IReadOnlyList<string> path) => paths.Contains(Join(path));

    /// <summary>Whether the set holds a path strictly below <paramref name="path"/>.</summary>
    public bool HasDescendantOf(IReadOnlyList<string> path)
    {
        var prefix = Join(path) + FieldPathElement.Separator;
        return paths.Any(candidate => candidate.StartsWith(prefix, StringComparison.Ordinal));
    }

    public FieldSet Union(FieldSet other) => new(paths.Union(other.paths, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal));

    public FieldSet Except(FieldSet other) => new(paths.Where(path => !other.paths.Contains(path)).ToHashSet(StringComparer.Ordinal));

    public FieldSet Intersect(FieldSet other) => new(paths.Where(other.paths.Contains).ToHashSet(StringComparer.Ordinal));

    public FieldSet Where(Func<IReadOnlyList<string>, bool> predicate) => new(paths.Where(path => predicate(Split(path))).ToHashSet(StringComparer.Ordinal));

    public bool SetEquals(FieldSet other) => paths.SetEquals(other.paths);

    /// <summary>The paths in structured-merge-diff's order (element by element, <see cref="FieldPathElement.Compare"/>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Sorted() => paths.Select(Split).Order(PathComparer.Instance).ToList();

    public static FieldSet FromFieldsV1(JsonObject fields)
    {
        var result = new List<IReadOnlyList<string>>();
        Collect(fields, [], result);
        return Of(result);
    }

    public JsonObject ToFieldsV1()
    {
        var root = new Node();
        foreach (var path in paths.Select(Split))
        {
            var node = root;
            foreach (var element in path)
            {
                if (!node.Children.TryGetValue(element, out var child))
                {
                    child = new Node();
                    node.Children[element] = child;
                }

                node = child;
            }

            node.IsMember = true;
        }

        return root.ToJson();
    }

    private static void Collect(JsonObject fields, List<string> prefix, List<IReadOnlyList<string>> result)
    {
        foreach (var (element, value) in fields)
        {
            if (element == ".")
            {
                result.Add(prefix.ToArray());
                continue;
            }

            prefix.Add(element);
            if (value is JsonObject children && children.Count > 0)
            {
                Collect(children, prefix, result);
            }
            else
            {
                result.Add(prefix.ToArray());
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private static string Join(IReadOnlyList<string> path) => string.Join(FieldPathElement.Separator, path);

    private static string[] Split(string path) => path.Length == 0 ? [] : path.Split(FieldPathElement.Separator);

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public bool IsMember { get; set; }

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            if (IsMember && Children.Count > 0)
            {
                json["."] = new JsonObject();
            }

            foreach (var element in Children.Keys.Order(Comparer<string>.Create(FieldPathElement.Compare)))
            {
                json[element] = Children[element].ToJson();
            }

            return json;
        }
    }

    private sealed class PathComparer : IComparer<IReadOnlyList<string>>
    {
        public static PathComparer Instance { get; } = new();

        public int Compare(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                var byElement = FieldPathElement.Compare(x[i], y[i]);
                if (byElement != 0)
                {
                    return byElement;
                }
            }

            return x.Count.CompareTo(y.Count);
        }
    }
}
