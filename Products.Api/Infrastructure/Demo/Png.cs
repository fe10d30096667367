using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Products.Api.Infrastructure.Demo;

/// <summary>
/// Writes 8-bit RGB pixels as a PNG (ISO/IEC 15948): the signature, an IHDR chunk, the filtered scanlines compressed
/// with zlib in one IDAT chunk, and IEND.
/// </summary>
public static class Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const int BytesPerPixel = 3;

    private const byte BitsPerSample = 8;

    private const byte Truecolour = 2;

    private const byte Deflate = 0;

    private const byte AdaptiveFiltering = 0;

    private const byte NotInterlaced = 0;

    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rgb.Length, width * height * BytesPerPixel);
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = BitsPerSample;
        header[9] = Truecolour;
        header[10] = Deflate;
        header[11] = AdaptiveFiltering;
        header[12] = NotInterlaced;
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, Compress(Filter(width, height, rgb)));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>
    /// Each scanline behind the filter that leaves the smallest differences (the sum of their magnitudes, the usual
    /// heuristic): gradients become runs of near-equal bytes, which deflate then shrinks to little.
    /// </summary>
    private static byte[] Filter(int width, int height, ReadOnlySpan<byte> rgb)
    {
        var stride = width * BytesPerPixel;
        var filtered = new byte[(stride + 1) * height];
        var candidate = new byte[stride];
        var best = new byte[stride];
        ReadOnlySpan<byte> none = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var line = rgb.Slice(y * stride, stride);
            var above = y == 0 ? none : rgb.Slice((y - 1) * stride, stride);
            var bestType = (byte)0;
            var bestCost = long.MaxValue;
            for (byte type = 0; type <= 4; type++)
            {
                var cost = 0L;
                for (var i = 0; i < stride; i++)
                {
                    var left = i >= BytesPerPixel ? line[i - BytesPerPixel] : 0;
                    var upLeft = i >= BytesPerPixel ? above[i - BytesPerPixel] : 0;
                    var predicted = type switch
                    {
                        0 => 0,
                        1 => left,
                        2 => above[i],
                        3 => (left + above[i]) / 2,
                        _ => Paeth(left, above[i], upLeft),
                    };
                    candidate[i] = (byte)(line[i] - predicted);
                    cost += Math.Abs((int)(sbyte)candidate[i]);
                }

                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestType = type;
                    candidate.CopyTo(best, 0);
                }
            }

            var row = filtered.AsSpan(y * (stride + 1), stride + 1);
            row[0] = bestType;
            best.CopyTo(row[1..]);
        }

        return filtered;
    }

    /// <summary>Of left, above and upper left, the one nearest to left + above - upper left (PNG's Paeth predictor).</summary>
    private static int Paeth(int left, int above, int upLeft)
    {
        var estimate = left + above - upLeft;
        var toLeft = Math.Abs(estimate - left);
        var toAbove = Math.Abs(estimate - above);
        var toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toAbove && toLeft <= toUpLeft ? left : toAbove <= toUpLeft ? above : upLeft;
    }

    private static byte[] Compress(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>Length, type, data, and the CRC-32 of type and data, both numbers big-endian.</summary>
    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
