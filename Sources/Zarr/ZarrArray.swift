import Foundation

/// A zarr v2 array on disk, read in row ranges (along the first axis) so large arrays need not fit in memory.
///
/// Chunks are decoded on demand; the most recently decoded chunks are kept, since consecutive row ranges
/// (one episode after another) usually share a chunk. Missing chunk files read as the fill value, as in zarr,
/// unless `requiresChunks` is set: an importer sets it, since a store written in full has every chunk and a
/// missing one means a lost file, not frames that are meant to be black.
public final class ZarrArray {
    public let folder: URL
    public let metadata: ZarrArrayMetadata
    /// A missing chunk file is an error naming it instead of reading as the fill value.
    public var requiresChunks = false
    private var cache: [[Int]: [UInt8]] = [:]
    private var cacheOrder: [[Int]] = []
    private static let cachedChunks = 4

    /// Opens the array stored in `folder` (which holds `.zarray`).
    public init(folder: URL) throws {
        self.folder = folder
        metadata = try ZarrArrayMetadata.load(folder: folder)
    }

    public var shape: [Int] { metadata.shape }
    public var dataType: ZarrDataType { metadata.dataType }
    /// Elements in one row (the product of every axis but the first).
    public var rowElementCount: Int { shape.dropFirst().reduce(1, *) }

    /// The little-endian bytes of rows `rows` (C order), shape `[rows.count] + shape[1...]`; at most
    /// `ZarrArrayMetadata.maximumChunkBytes` at a time.
    public func readBytes(rows: Range<Int>) throws -> [UInt8] {
        guard rows.lowerBound >= 0, rows.upperBound <= shape[0] else {
            throw ZarrError(file: folder.path, "rows \(rows) out of range for shape \(shape)")
        }
        guard rows.count <= ZarrArrayMetadata.maximumChunkBytes / max(1, rowElementCount * dataType.byteCount) else {
            throw ZarrError(file: folder.path, "rows \(rows.lowerBound)..<\(rows.upperBound) of shape \(shape) hold more than "
                            + "\(ZarrArrayMetadata.maximumChunkBytes >> 30) GiB, more than one read may take")
        }
        let rank = shape.count, itemSize = dataType.byteCount, chunks = metadata.chunks
        var outShape = shape
        outShape[0] = rows.count
        var output = [UInt8](repeating: 0, count: outShape.reduce(1, *) * itemSize)
        guard !output.isEmpty else { return output }
        let outStrides = Self.strides(outShape), chunkStrides = Self.strides(chunks)
        var outStart = [Int](repeating: 0, count: rank)
        outStart[0] = rows.lowerBound
        let firstChunk = rows.lowerBound / chunks[0], endChunk = (rows.upperBound + chunks[0] - 1) / chunks[0]
        var gridCounts = (0..<rank).map { (shape[$0] + chunks[$0] - 1) / chunks[$0] }
        gridCounts[0] = endChunk - firstChunk
        try Self.odometer(gridCounts) { gridIndex in
            var chunkIndex = gridIndex
            chunkIndex[0] += firstChunk
            let chunk = try self.chunk(chunkIndex)
            let chunkStart = (0..<rank).map { chunkIndex[$0] * chunks[$0] }
            let low = (0..<rank).map { max(chunkStart[$0], outStart[$0]) }
            let high = (0..<rank).map { min(chunkStart[$0] + chunks[$0], outStart[$0] + outShape[$0]) }
            let runBytes = (high[rank - 1] - low[rank - 1]) * itemSize
            guard runBytes > 0 else { return }
            let outer = (0..<(rank - 1)).map { high[$0] - low[$0] }
            chunk.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { destination in
                    Self.odometer(outer) { position in
                        var sourceIndex = low[rank - 1] - chunkStart[rank - 1]
                        var destinationIndex = low[rank - 1] - outStart[rank - 1]
                        for axis in 0..<(rank - 1) {
                            let coordinate = low[axis] + position[axis]
                            sourceIndex += (coordinate - chunkStart[axis]) * chunkStrides[axis]
                            destinationIndex += (coordinate - outStart[axis]) * outStrides[axis]
                        }
                        (destination.baseAddress! + destinationIndex * itemSize)
                            .copyMemory(from: source.baseAddress! + sourceIndex * itemSize, byteCount: runBytes)
                    }
                }
            }
        }
        return output
    }

    /// Rows as Doubles (any dtype).
    public func readDoubles(rows: Range<Int>) throws -> [Double] {
        let bytes = try readBytes(rows: rows)
        let type = dataType
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / type.byteCount)).map { type.value(in: raw, at: $0) }
        }
    }

    /// The whole array as Doubles.
    public func readAllDoubles() throws -> [Double] {
        try readDoubles(rows: 0..<shape[0])
    }

    /// The decoded bytes of one chunk, or the fill value where its file is missing.
    private func chunk(_ index: [Int]) throws -> [UInt8] {
        if let cached = cache[index] { return cached }
        let name = index.map(String.init).joined(separator: metadata.dimensionSeparator)
        let file = folder.appendingPathComponent(name)
        let expected = metadata.chunkByteCount
        let decoded: [UInt8]
        if let data = FileManager.default.contents(atPath: file.path) {
            let bytes = [UInt8](data)
            if let compressor = metadata.compressor {
                decoded = try compressor.decompress(bytes, expectedByteCount: expected, file: file.path)
            } else {
                guard bytes.count == expected else {
                    throw ZarrError(file: file.path, "uncompressed chunk of \(bytes.count) bytes, expected \(expected) (chunk shape \(metadata.chunks) of \(dataType.rawValue))")
                }
                decoded = bytes
            }
        } else if requiresChunks {
            let rows = (index[0] * metadata.chunks[0])..<min(shape[0], (index[0] + 1) * metadata.chunks[0])
            throw ZarrError(file: file.path, "missing chunk file (rows \(rows.lowerBound)..<\(rows.upperBound) of shape \(shape)); "
                            + "a store written in full has every chunk")
        } else {
            decoded = fill(count: expected / dataType.byteCount)
        }
        cache[index] = decoded
        cacheOrder.append(index)
        if cacheOrder.count > Self.cachedChunks { cache[cacheOrder.removeFirst()] = nil }
        return decoded
    }

    private func fill(count: Int) -> [UInt8] {
        let value = metadata.fillValue ?? 0
        guard value != 0 || value.sign == .minus else { return [UInt8](repeating: 0, count: count * dataType.byteCount) }
        var element: [UInt8] = []
        dataType.append(dataType.canRepresent(value) ? value : 0, to: &element)
        return Array([[UInt8]](repeating: element, count: count).joined())
    }

    /// Row-major strides (in elements) of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// Calls `body` with every index of a grid of `counts`, last axis fastest; once for an empty `counts`.
    static func odometer(_ counts: [Int], _ body: ([Int]) throws -> Void) rethrows {
        guard counts.allSatisfy({ $0 > 0 }) else { return }
        var index = [Int](repeating: 0, count: counts.count)
        while true {
            try body(index)
            var axis = counts.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < counts[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
