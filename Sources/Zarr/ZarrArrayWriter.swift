import Foundation

/// Writes a zarr v2 array row by row (along the first axis), chunked only along that axis, so a large
/// dataset streams to disk; `.zarray` is written by `finish()` once the row count is known.
///
/// The last chunk is stored at full chunk size with the fill value past the end, as zarr does.
public final class ZarrArrayWriter {
    public let folder: URL
    public let rowShape: [Int]
    public let chunkRows: Int
    public let dataType: ZarrDataType
    public let compressor: ZarrCompressor?
    public let fillValue: Double
    public private(set) var rowCount = 0
    private var pending: [UInt8] = []
    private var chunksWritten = 0
    private var finished = false

    /// Creates `folder` (which must not exist yet) for an array of rows shaped `rowShape`.
    public init(folder: URL, rowShape: [Int], chunkRows: Int, dataType: ZarrDataType,
                compressor: ZarrCompressor? = .defaultBlosc, fillValue: Double = 0) throws {
        precondition(chunkRows > 0, "chunkRows must be positive")
        self.folder = folder
        self.rowShape = rowShape
        self.chunkRows = chunkRows
        self.dataType = dataType
        self.compressor = compressor
        self.fillValue = fillValue
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ZarrError(file: folder.path, "cannot create the array folder: \(error.localizedDescription)")
        }
    }

    private var rowElementCount: Int { rowShape.reduce(1, *) }

    /// Appends whole rows given as Doubles (converted to the array's type; integers must be whole and in range).
    public func append(_ values: [Double]) throws {
        precondition(!finished, "append after finish")
        guard values.count % rowElementCount == 0 else {
            throw ZarrError(file: folder.path, "\(values.count) values are not whole rows of shape \(rowShape)")
        }
        if let bad = values.first(where: { !dataType.canRepresent($0) }) {
            throw ZarrError(file: folder.path, "value \(bad) does not fit dtype \(dataType.rawValue)")
        }
        pending.reserveCapacity(pending.count + values.count * dataType.byteCount)
        for value in values { dataType.append(value, to: &pending) }
        rowCount += values.count / rowElementCount
        try flush(final: false)
    }

    /// Writes the last (padded) chunk and `.zarray`; the array is complete after this.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        try flush(final: true)
        finished = true
        let metadata = ZarrArrayMetadata(shape: [rowCount] + rowShape, chunks: [chunkRows] + rowShape,
                                         dataType: dataType, compressor: compressor, fillValue: fillValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(metadata), to: folder.appendingPathComponent(".zarray"))
    }

    private func flush(final: Bool) throws {
        let chunkBytes = chunkRows * rowElementCount * dataType.byteCount
        while pending.count >= chunkBytes || (final && !pending.isEmpty) {
            var chunk = Array(pending.prefix(chunkBytes))
            pending.removeFirst(chunk.count)
            if chunk.count < chunkBytes {
                var element: [UInt8] = []
                dataType.append(fillValue, to: &element)
                while chunk.count < chunkBytes { chunk.append(contentsOf: element) }
            }
            let name = ([chunksWritten] + rowShape.map { _ in 0 }).map(String.init).joined(separator: ".")
            let file = folder.appendingPathComponent(name)
            let stored = try compressor?.compress(chunk, typeSize: dataType.byteCount, file: file.path) ?? chunk
            try write(Data(stored), to: file)
            chunksWritten += 1
        }
    }

    private func write(_ data: Data, to file: URL) throws {
        do {
            try data.write(to: file)
        } catch {
            throw ZarrError(file: file.path, "cannot write: \(error.localizedDescription)")
        }
    }
}
