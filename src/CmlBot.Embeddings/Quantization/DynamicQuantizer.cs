using Google.Protobuf;
using Onnx;

namespace CmlBot.Embeddings.Quantization;

/// <summary>
/// Rewrites an fp32 ONNX model so that its weight matrices are int8 and its activations are quantized on the fly,
/// the way ONNX Runtime's Python <c>quantize_dynamic</c> does, so that a C# build can produce the int8 model itself.
/// Each <c>MatMul</c> (and plain <c>Gemm</c>) with a constant weight becomes
/// <c>DynamicQuantizeLinear(X) → MatMulInteger(Xq, Wq, Xzp, Wzp) → Cast(float) → Mul(Xscale · Wscale)</c>,
/// the exact shape ONNX Runtime's optimizer fuses into one <c>MatMulIntegerToFloat</c> kernel (u8 × s8, which
/// VNNI runs natively). MatMuls between two activations (attention scores) keep fp32: there is no weight to
/// quantize ahead of time, and their inputs would need two dynamic quantizations per call.
/// </summary>
public static class DynamicQuantizer
{
    /// <summary>DynamicQuantizeLinear appeared in opset 11; MatMulInteger and DequantizeLinear in 10.</summary>
    private const long MinimumOpset = 11;

    /// <summary>Quantizes a serialized fp32 model and returns the serialized int8 model.</summary>
    /// <exception cref="NotSupportedException">The model's default opset is below 11, or its weights are stored externally.</exception>
    public static byte[] Quantize(ReadOnlySpan<byte> fp32Model, QuantizerOptions? options = null)
    {
        var model = ModelProto.Parser.ParseFrom(fp32Model);
        Quantize(model, options ?? new QuantizerOptions());
        return model.ToByteArray();
    }

    /// <summary>Quantizes <paramref name="model"/> in place.</summary>
    public static void Quantize(ModelProto model, QuantizerOptions options)
    {
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0 || o.Domain == "ai.onnx");
        if (opset is null || opset.Version < MinimumOpset)
            throw new NotSupportedException($"Dynamic quantization needs opset {MinimumOpset} or later; the model has {opset?.Version ?? 0}.");
        new GraphRewrite(model.Graph, options).Run();
    }

    /// <summary>One pass over a graph's nodes, in order, so that every inserted node stays after its inputs' producers.</summary>
    private sealed class GraphRewrite(GraphProto graph, QuantizerOptions options)
    {
        private readonly Dictionary<string, TensorProto> _initializers = graph.Initializer.ToDictionary(t => t.Name);
        private readonly HashSet<string> _names = CollectNames(graph);
        private readonly List<NodeProto> _nodes = [];
        private readonly List<TensorProto> _added = [];
        // Each activation is quantized once however many MatMuls read it (Q, K and V share their input).
        private readonly Dictionary<string, (string Values, string Scale, string ZeroPoint)> _activations = [];
        // A weight read by several nodes is quantized once per layout (transposed or not, per column or not).
        private readonly Dictionary<string, (string Values, string Scale, string ZeroPoint)> _weights = [];
        private readonly HashSet<string> _replaced = [];
        private readonly HashSet<string> _quantizedOutputs = [];

        public void Run()
        {
            foreach (var node in graph.Node)
            {
                if (node.Domain.Length != 0 || options.NodesToExclude.Contains(node.Name)) _nodes.Add(node);
                else if (node.OpType == "MatMul" && WeightMatrix(node.Input[1]) is { } matMulWeight && !IsInitializer(node.Input[0]))
                    EmitMatMul(node, node.Input[0], matMulWeight, transpose: false, node.Output[0]);
                else if (node.OpType == "Gemm" && QuantizableGemm(node) is { } gemmWeight)
                    EmitGemm(node, gemmWeight);
                else if (node.OpType == "Gather" && options.QuantizeEmbeddings && QuantizableTable(node) is { } table)
                    EmitGather(node, table);
                else
                {
                    if (node.OpType == "Add") PutBiasSecond(node);
                    _nodes.Add(node);
                }
            }

            graph.Node.Clear();
            graph.Node.AddRange(_nodes);
            RemoveUnusedWeights();
            graph.Initializer.AddRange(_added);
        }

        private void EmitMatMul(NodeProto node, string input, TensorProto weight, bool transpose, string output)
        {
            var x = QuantizedActivation(input);
            var w = QuantizedWeight(weight, transpose, unsigned: options.UnsignedWeights);
            var integer = NewName(output + "_int32");
            var asFloat = NewName(output + "_float");
            var scale = NewName(output + "_scale");
            _nodes.Add(Node("MatMulInteger", NewName(node.Name + "_quant"), [x.Values, w.Values, x.ZeroPoint, w.ZeroPoint], [integer]));
            // The fusion reads A's scale as this Mul's first input and B's as its second.
            _nodes.Add(Node("Mul", NewName(node.Name + "_scales"), [x.Scale, w.Scale], [scale]));
            _nodes.Add(Node("Cast", NewName(node.Name + "_cast"), [integer], [asFloat], ("to", Int8Weights.Float)));
            _nodes.Add(Node("Mul", NewName(node.Name + "_rescale"), [asFloat, scale], [output]));
            _replaced.Add(weight.Name);
            _quantizedOutputs.Add(output);
        }

        /// <summary>Gemm is MatMul + bias when alpha = beta = 1 and A is not transposed; other forms stay fp32.</summary>
        private TensorProto? QuantizableGemm(NodeProto node)
        {
            float Float(string name, float fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;
            long Int(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
            var plain = Float("alpha", 1f) == 1f && (node.Input.Count < 3 || Float("beta", 1f) == 1f) && Int("transA") == 0;
            return plain && !IsInitializer(node.Input[0]) ? WeightMatrix(node.Input[1]) : null;
        }

        private void EmitGemm(NodeProto node, TensorProto weight)
        {
            var transpose = node.Attribute.FirstOrDefault(a => a.Name == "transB")?.I == 1;
            var hasBias = node.Input.Count >= 3 && node.Input[2].Length > 0;
            var product = hasBias ? NewName(node.Output[0] + "_matmul") : node.Output[0];
            EmitMatMul(node, node.Input[0], weight, transpose, product);
            if (hasBias) _nodes.Add(Node("Add", NewName(node.Name + "_bias"), [product, node.Input[2]], [node.Output[0]]));
        }

        /// <summary>Large 2-D fp32 tables looked up along their first axis: embeddings, not shape arithmetic.</summary>
        private TensorProto? QuantizableTable(NodeProto node)
        {
            var axis = node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 0;
            if (axis != 0 || IsInitializer(node.Input[1]) || WeightMatrix(node.Input[0]) is not { } table) return null;
            return table.Dims[0] * table.Dims[1] >= options.MinimumEmbeddingElements ? table : null;
        }

        /// <summary>
        /// The table is stored int8 with one scale; Gather moves int8 rows and DequantizeLinear turns only those
        /// rows back into fp32. One scale rather than one per column keeps DequantizeLinear valid for any rank of
        /// indices (a per-axis scale would have to name the output's last axis, which depends on the indices' rank).
        /// </summary>
        private void EmitGather(NodeProto node, TensorProto table)
        {
            var w = QuantizedWeight(table, transpose: false, perColumn: false);
            var rows = NewName(node.Output[0] + "_quantized");
            _nodes.Add(Node("Gather", node.Name, [w.Values, node.Input[1]], [rows], ("axis", 0)));
            _nodes.Add(Node("DequantizeLinear", NewName(node.Name + "_dequantize"), [rows, w.Scale, w.ZeroPoint], [node.Output[0]]));
            _replaced.Add(table.Name);
        }

        /// <summary>
        /// PyTorch exports bias additions as Add(bias, x); ONNX Runtime folds a bias into MatMulIntegerToFloat only
        /// when it is the Add's second input. Add commutes, so swapping changes nothing else.
        /// </summary>
        private void PutBiasSecond(NodeProto add)
        {
            if (add.Input.Count == 2 && _quantizedOutputs.Contains(add.Input[1]) && _initializers.TryGetValue(add.Input[0], out var bias)
                && bias.Dims.Count == 1)
                (add.Input[0], add.Input[1]) = (add.Input[1], add.Input[0]);
        }

        private (string Values, string Scale, string ZeroPoint) QuantizedActivation(string input)
        {
            if (_activations.TryGetValue(input, out var known)) return known;
            var names = (NewName(input + "_quantized"), NewName(input + "_scale"), NewName(input + "_zero_point"));
            _nodes.Add(Node("DynamicQuantizeLinear", NewName(input + "_QuantizeLinear"), [input], [names.Item1, names.Item2, names.Item3]));
            return _activations[input] = names;
        }

        private (string Values, string Scale, string ZeroPoint) QuantizedWeight(TensorProto weight, bool transpose, bool? perColumn = null,
            bool unsigned = false)
        {
            var byColumn = perColumn ?? options.PerChannel;
            var key = $"{weight.Name}\0{transpose}\0{byColumn}\0{unsigned}";
            if (_weights.TryGetValue(key, out var known)) return known;
            int rows = (int)weight.Dims[0], columns = (int)weight.Dims[1];
            var values = Int8Weights.ReadFloats(weight);
            if (transpose) (values, rows, columns) = (Int8Weights.Transpose(values, rows, columns), columns, rows);
            var q = Int8Weights.Quantize(values, rows, columns, byColumn);
            var names = (NewName(weight.Name + "_quantized"), NewName(weight.Name + "_scale"), NewName(weight.Name + "_zero_point"));
            _added.Add(unsigned ? q.UnsignedValuesTensor(names.Item1, [rows, columns]) : q.ValuesTensor(names.Item1, [rows, columns]));
            _added.Add(q.ScaleTensor(names.Item2));
            _added.Add(unsigned ? q.UnsignedZeroPointTensor(names.Item3) : q.ZeroPointTensor(names.Item3));
            return _weights[key] = names;
        }

        private TensorProto? WeightMatrix(string name) =>
            _initializers.TryGetValue(name, out var t) && t.DataType == Int8Weights.Float && t.Dims.Count == 2 ? t : null;

        private bool IsInitializer(string name) => _initializers.ContainsKey(name);

        /// <summary>Drops the fp32 weights nothing reads any more (a weight may also feed a node left in fp32).</summary>
        private void RemoveUnusedWeights()
        {
            var used = new HashSet<string>(graph.Output.Select(o => o.Name));
            CollectInputs(graph, used);
            var unused = _replaced.Where(n => !used.Contains(n)).ToHashSet();
            var keep = graph.Initializer.Where(t => !unused.Contains(t.Name)).ToList();
            graph.Initializer.Clear();
            graph.Initializer.AddRange(keep);
            var inputs = graph.Input.Where(i => !unused.Contains(i.Name)).ToList();
            graph.Input.Clear();
            graph.Input.AddRange(inputs);
        }

        private string NewName(string wanted)
        {
            var name = wanted;
            for (var i = 1; !_names.Add(name); i++) name = $"{wanted}_{i}";
            return name;
        }

        private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params (string Name, long Value)[] attributes)
        {
            var node = new NodeProto { OpType = opType, Name = name };
            node.Input.AddRange(inputs);
            node.Output.AddRange(outputs);
            foreach (var (attribute, value) in attributes)
                node.Attribute.Add(new AttributeProto { Name = attribute, I = value, Type = AttributeProto.Types.AttributeType.Int });
            return node;
        }

        /// <summary>Every tensor and node name in use, including inside subgraphs, so that new names never collide.</summary>
        private static HashSet<string> CollectNames(GraphProto graph)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in WithSubgraphs(graph))
            {
                names.UnionWith(g.Input.Select(i => i.Name));
                names.UnionWith(g.Output.Select(o => o.Name));
                names.UnionWith(g.Initializer.Select(t => t.Name));
                foreach (var node in g.Node)
                {
                    names.Add(node.Name);
                    names.UnionWith(node.Input);
                    names.UnionWith(node.Output);
                }
            }
            return names;
        }

        /// <summary>Subgraphs (If, Loop, Scan bodies) may read the outer graph's initializers by name.</summary>
        private static void CollectInputs(GraphProto graph, HashSet<string> used)
        {
            foreach (var g in WithSubgraphs(graph))
            {
                used.UnionWith(g.Output.Select(o => o.Name));
                foreach (var node in g.Node) used.UnionWith(node.Input);
            }
        }

        private static IEnumerable<GraphProto> WithSubgraphs(GraphProto graph)
        {
            yield return graph;
            foreach (var attribute in graph.Node.SelectMany(n => n.Attribute))
            {
                var children = attribute.G is { } single ? attribute.Graphs.Append(single) : attribute.Graphs;
                foreach (var child in children.SelectMany(WithSubgraphs)) yield return child;
            }
        }
    }
}
