using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CmlBot.Embeddings.Quantization;

/// <summary>A weight matrix or table as symmetric int8: real value = <c>Values * Scales</c>, zero point 0.</summary>
/// <param name="Values">Row-major, same layout as the fp32 source.</param>
/// <param name="Scales">One scale, or one per column when quantized per channel.</param>
internal sealed record Int8Weights(sbyte[] Values, float[] Scales)
{
    /// <summary>ONNX tensor element types used here (onnx.proto's TensorProto.DataType).</summary>
    public const int Float = 1;
    public const int UInt8 = 2;
    public const int Int8 = 3;

    /// <summary>
    /// Symmetric int8 in [-127, 127]: zero point 0 keeps MatMulInteger's inner loop free of a weight offset
    /// term, and leaving out -128 keeps the range symmetric so that positive and negative weights get the same
    /// resolution. Rounding is half-to-even, as numpy (and so ONNX Runtime's own quantization tool) rounds.
    /// </summary>
    public static Int8Weights Quantize(ReadOnlySpan<float> values, int rows, int columns, bool perColumn)
    {
        var maxima = new float[perColumn ? columns : 1];
        for (var r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                var slot = perColumn ? c : 0;
                maxima[slot] = MathF.Max(maxima[slot], MathF.Abs(row[c]));
            }
        }

        // An all-zero column quantizes to zeros under any scale; 1 avoids dividing by zero.
        var scales = Array.ConvertAll(maxima, m => m > 0 ? m / 127f : 1f);
        var quantized = new sbyte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = r * columns + c;
                var q = MathF.Round(values[i] / scales[perColumn ? c : 0], MidpointRounding.ToEven);
                quantized[i] = (sbyte)Math.Clamp(q, -127f, 127f);
            }
        }

        return new Int8Weights(quantized, scales);
    }

    /// <summary>The fp32 elements of an initializer, whether stored as raw little-endian bytes or as float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != Float) throw new ArgumentException($"Tensor '{tensor.Name}' is not fp32.", nameof(tensor));
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new NotSupportedException($"Tensor '{tensor.Name}' is stored outside the model file.");
        return tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
    }

    /// <summary>The matrix transposed, for Gemm weights given as [N, K] (transB = 1); MatMulInteger wants [K, N].</summary>
    public static float[] Transpose(float[] values, int rows, int columns)
    {
        var transposed = new float[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                transposed[c * rows + r] = values[r * columns + c];
        return transposed;
    }

    public static TensorProto Tensor(string name, int dataType, long[] dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public TensorProto ValuesTensor(string name, long[] dims) => Tensor(name, Int8, dims, MemoryMarshal.AsBytes(Values.AsSpan()));

    /// <summary>The same values as uint8 shifted by <see cref="UnsignedZeroPoint"/>: the real value is unchanged.</summary>
    public TensorProto UnsignedValuesTensor(string name, long[] dims) =>
        Tensor(name, UInt8, dims, Array.ConvertAll(Values, v => (byte)(v + UnsignedZeroPoint)));

    public TensorProto UnsignedZeroPointTensor(string name) =>
        Tensor(name, UInt8, Scales.Length == 1 ? [] : [Scales.Length], Enumerable.Repeat((byte)UnsignedZeroPoint, Scales.Length).ToArray());

    public const int UnsignedZeroPoint = 128;

    /// <summary>A scalar for one scale, a vector of length N for per-column scales (the shape MatMulInteger accepts).</summary>
    public TensorProto ScaleTensor(string name) =>
        Tensor(name, Float, Scales.Length == 1 ? [] : [Scales.Length], MemoryMarshal.AsBytes(Scales.AsSpan()));

    public TensorProto ZeroPointTensor(string name) =>
        Tensor(name, Int8, Scales.Length == 1 ? [] : [Scales.Length], new byte[Scales.Length]);
}
