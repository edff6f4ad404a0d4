using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>
/// Decodes the protobuf bodies that kubectl 1.32+ generators send (<c>kubectl create namespace|configmap|secret|
/// serviceaccount</c>): the <c>k8s\0</c> envelope (runtime.Unknown) and, of the object, ObjectMeta's name,
/// generateName, namespace, labels, annotations and finalizers plus the kind's own simple fields. Other kinds (whose
/// protobuf schema is large: Deployment …) answer null, and the server 415.
/// </summary>
public static class ProtobufBodies
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject? TryDecode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (field, value) in Fields(body[Magic.Length..]))
        {
            if (field == 1)
            {
                foreach (var (typeField, typeValue) in Fields(value.Bytes))
                {
                    if (typeField == 1)
                    {
                        apiVersion = typeValue.Text;
                    }
                    else if (typeField == 2)
                    {
                        kind = typeValue.Text;
                    }
                }
            }
            else if (field == 2)
            {
                raw = value.Bytes;
            }
        }
        if (raw is null || apiVersion != "v1")
        {
            return null;
        }
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (field, value) in Fields(raw))
        {
            switch (kind, field)
            {
                case (_, 1):
                    obj["metadata"] = Metadata(value.Bytes);
                    break;
                case ("Namespace", 2):
                    obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray([.. Fields(value.Bytes).Where(f => f.Field == 1).Select(f => (JsonNode)f.Value.Text)]) };
                    break;
                case ("ConfigMap", 2):
                    AddToMap(obj, "data", value.Bytes, binary: false);
                    break;
                case ("ConfigMap", 3):
                    AddToMap(obj, "binaryData", value.Bytes, binary: true);
                    break;
                case ("Secret", 2):
                    AddToMap(obj, "data", value.Bytes, binary: true);
                    break;
                case ("Secret", 3):
                    obj["type"] = value.Text;
                    break;
                case ("Secret", 4):
                    AddToMap(obj, "stringData", value.Bytes, binary: false);
                    break;
                case ("ConfigMap", 4) or ("Secret", 5):
                    obj["immutable"] = value.Varint != 0;
                    break;
                case ("ServiceAccount", 4):
                    obj["automountServiceAccountToken"] = value.Varint != 0;
                    break;
                case ("Namespace" or "ConfigMap" or "Secret" or "ServiceAccount", _):
                    break;
                default:
                    return null;
            }
        }
        return obj;
    }

    private static JsonObject Metadata(byte[] bytes)
    {
        var meta = new JsonObject();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1:
                    meta["name"] = value.Text;
                    break;
                case 2:
                    meta["generateName"] = value.Text;
                    break;
                case 3:
                    meta["namespace"] = value.Text;
                    break;
                case 11:
                    AddToMap(meta, "labels", value.Bytes, binary: false);
                    break;
                case 12:
                    AddToMap(meta, "annotations", value.Bytes, binary: false);
                    break;
                case 14:
                    ((JsonArray)(meta["finalizers"] ??= new JsonArray())).Add(value.Text);
                    break;
                default:
                    break;
            }
        }
        return meta;
    }

    private static void AddToMap(JsonObject target, string name, byte[] entry, bool binary)
    {
        string? key = null;
        JsonNode? mapValue = null;
        foreach (var (field, value) in Fields(entry))
        {
            if (field == 1)
            {
                key = value.Text;
            }
            else if (field == 2)
            {
                mapValue = binary ? Convert.ToBase64String(value.Bytes) : value.Text;
            }
        }
        if (key is not null)
        {
            ((JsonObject)(target[name] ??= new JsonObject()))[key] = mapValue ?? (binary ? "" : "");
        }
    }

    private static List<(int Field, WireValue Value)> Fields(byte[] bytes)
    {
        var fields = new List<(int, WireValue)>();
        var position = 0;
        while (position < bytes.Length)
        {
            var tag = ReadVarint(bytes, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add((field, new WireValue(ReadVarint(bytes, ref position), [])));
                    break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref position);
                    if (length < 0 || position + length > bytes.Length)
                    {
                        throw new FormatException("truncated protobuf field");
                    }
                    fields.Add((field, new WireValue(0, bytes[position..(position + length)])));
                    position += length;
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException("unsupported protobuf wire type");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }
            var b = bytes[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new FormatException("protobuf varint too long");
    }

    private sealed record WireValue(ulong Varint, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }
}
