using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CmlBot.Embeddings.Tests.Quantization;

/// <summary>Hand-built ONNX graphs small enough to state exactly what the quantizer must and must not touch.</summary>
internal static class TinyModels
{
    public static ModelProto Model(long opset, GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    public static ValueInfoProto Float(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    /// <summary>An fp32 initializer of uniform values in [-1, 1), the same for the same seed.</summary>
    public static TensorProto Weight(string name, long[] dims, int seed)
    {
        var values = Random((int)dims.Aggregate(1L, (a, b) => a * b), seed);
        var tensor = new TensorProto { Name = name, DataType = 1, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
