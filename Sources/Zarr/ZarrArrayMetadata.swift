import Foundation
import Validation

/// The `.zarray` document of a zarr v2 array (C order, no filters).
public struct ZarrArrayMetadata: Sendable, Equatable, Codable {
    public var shape: [Int]
    public var chunks: [Int]
    public var dataType: ZarrDataType
    public var compressor: ZarrCompressor?
    /// `nil` is JSON `null`: chunks that were never written read as zeros.
    public var fillValue: Double?
    /// "." (the default) or "/" between chunk indices in chunk file names.
    public var dimensionSeparator: String

    private var zarrFormat = 2
    private var order = "C"
    private var filters: [ZarrFilterStub]?

    public init(shape: [Int], chunks: [Int], dataType: ZarrDataType, compressor: ZarrCompressor?,
                fillValue: Double? = 0, dimensionSeparator: String = ".") {
        self.shape = shape
        self.chunks = chunks
        self.dataType = dataType
        self.compressor = compressor
        self.fillValue = fillValue
        self.dimensionSeparator = dimensionSeparator
    }

    private enum CodingKeys: String, CodingKey {
        case shape, chunks, compressor, order, filters
        case dataType = "dtype"
        case fillValue = "fill_value"
        case zarrFormat = "zarr_format"
        case dimensionSeparator = "dimension_separator"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        zarrFormat = try container.decode(Int.self, forKey: .zarrFormat)
        shape = try container.decode([Int].self, forKey: .shape)
        chunks = try container.decode([Int].self, forKey: .chunks)
        let typeName = try container.decode(String.self, forKey: .dataType)
        guard let dataType = ZarrDataType(rawValue: typeName) else {
            let supported = ZarrDataType.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: .dataType, in: container,
                                                   debugDescription: "dtype \"\(typeName)\" is not supported (supported: \(supported))")
        }
        self.dataType = dataType
        compressor = try container.decodeIfPresent(ZarrCompressor.self, forKey: .compressor)
        fillValue = try Self.decodeFill(container)
        order = try container.decode(String.self, forKey: .order)
        filters = try container.decodeIfPresent([ZarrFilterStub].self, forKey: .filters)
        dimensionSeparator = try container.decodeIfPresent(String.self, forKey: .dimensionSeparator) ?? "."
        func fail(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        guard zarrFormat == 2 else { throw fail(.zarrFormat, "zarr_format \(zarrFormat), expected 2") }
        guard order == "C" else { throw fail(.order, "order \"\(order)\", only \"C\" is supported") }
        guard filters?.isEmpty ?? true else {
            throw fail(.filters, "filters \(filters!.map(\.id)) are not supported (expected null)")
        }
        guard [".", "/"].contains(dimensionSeparator) else {
            throw fail(.dimensionSeparator, "dimension_separator \"\(dimensionSeparator)\", expected \".\" or \"/\"")
        }
        guard !shape.isEmpty, shape.count == chunks.count else {
            throw fail(.chunks, "chunks \(chunks) do not match shape \(shape) (one positive chunk length per axis, at least one axis)")
        }
        guard shape.allSatisfy({ $0 >= 0 }), chunks.allSatisfy({ $0 > 0 }) else {
            throw fail(.chunks, "shape \(shape) must be non-negative and chunks \(chunks) positive")
        }
        guard Self.byteCount(shape, dataType) != nil else {
            throw fail(.shape, "shape \(shape) holds more than \(Self.maximumArrayBytes >> 40) TiB")
        }
        guard let chunkBytes = Self.byteCount(chunks, dataType), chunkBytes <= Self.maximumChunkBytes else {
            throw fail(.chunks, "chunks \(chunks) of \(dataType.rawValue) hold more than \(Self.maximumChunkBytes >> 30) GiB each "
                       + "(zarr-python writes chunks of a few MB)")
        }
    }

    /// The largest chunk read: each is decoded whole into memory.
    public static let maximumChunkBytes = 1 << 31
    /// The largest array described (anything larger is a damaged or hostile `.zarray`).
    public static let maximumArrayBytes = 1 << 50

    /// Bytes of an array or chunk of `shape`, or nil beyond `maximumArrayBytes` (checked without overflow).
    static func byteCount(_ shape: [Int], _ dataType: ZarrDataType) -> Int? {
        var bytes = dataType.byteCount
        for length in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: length)
            guard !overflow, product <= maximumArrayBytes else { return nil }
            bytes = product
        }
        return bytes
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(zarrFormat, forKey: .zarrFormat)
        try container.encode(shape, forKey: .shape)
        try container.encode(chunks, forKey: .chunks)
        try container.encode(dataType.rawValue, forKey: .dataType)
        try container.encode(compressor, forKey: .compressor)
        switch fillValue {
        case nil: try container.encodeNil(forKey: .fillValue)
        case let value? where value.isNaN: try container.encode("NaN", forKey: .fillValue)
        case let value? where value.isInfinite: try container.encode(value > 0 ? "Infinity" : "-Infinity", forKey: .fillValue)
        case let value?:
            if dataType == .float32 || dataType == .float64 {
                try container.encode(value, forKey: .fillValue)
            } else {
                try container.encode(Int64(value), forKey: .fillValue)
            }
        }
        try container.encode(order, forKey: .order)
        try container.encodeNil(forKey: .filters)
        try container.encode(dimensionSeparator, forKey: .dimensionSeparator)
    }

    /// Bytes of one decoded chunk.
    public var chunkByteCount: Int { chunks.reduce(1, *) * dataType.byteCount }

    /// Reads and validates `folder/.zarray`.
    public static func load(folder: URL) throws -> ZarrArrayMetadata {
        let file = folder.appendingPathComponent(".zarray")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ZarrError(file: file.path, "missing (not a zarr v2 array)")
        }
        do {
            return try JSONDecoder().decode(ZarrArrayMetadata.self, from: data)
        } catch let error as DecodingError {
            throw ZarrError(file: file.path, error.summary)
        } catch {
            throw ZarrError(file: file.path, "not valid JSON: \(error)")
        }
    }

    private static func decodeFill(_ container: KeyedDecodingContainer<CodingKeys>) throws -> Double? {
        if try !container.contains(.fillValue) || container.decodeNil(forKey: .fillValue) { return nil }
        if let number = try? container.decode(Double.self, forKey: .fillValue) { return number }
        switch try container.decode(String.self, forKey: .fillValue) {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .fillValue, in: container,
                                                   debugDescription: "fill_value \"\(other)\" is not a number")
        }
    }
}

/// Only the id of a filter entry, to name it in the error.
private struct ZarrFilterStub: Sendable, Equatable, Codable {
    var id: String
}
