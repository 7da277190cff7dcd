/// The numpy dtypes this reader and writer handle, spelled as zarr v2 writes them (little-endian).
public enum ZarrDataType: String, Sendable, Codable, CaseIterable {
    case float32 = "<f4"
    case float64 = "<f8"
    case int64 = "<i8"
    case int32 = "<i4"
    case uint8 = "|u1"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8: 1
        }
    }

    /// Reads element `index` of little-endian `bytes` as a Double (exact for every type but int64 beyond 2^53).
    @inline(__always)
    func value(in bytes: UnsafeRawBufferPointer, at index: Int) -> Double {
        let offset = index * byteCount
        return switch self {
        case .float32: Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        case .float64: Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .int64: Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        case .int32: Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        case .uint8: Double(bytes[offset])
        }
    }

    /// Appends `value` in this type's little-endian encoding; integers must be whole and in range.
    func append(_ value: Double, to bytes: inout [UInt8]) {
        switch self {
        case .float32: Self.appendBits(Float(value).bitPattern.littleEndian, to: &bytes)
        case .float64: Self.appendBits(value.bitPattern.littleEndian, to: &bytes)
        case .int64: Self.appendBits(Int64(exactly: value)!.littleEndian, to: &bytes)
        case .int32: Self.appendBits(Int32(exactly: value)!.littleEndian, to: &bytes)
        case .uint8: bytes.append(UInt8(exactly: value)!)
        }
    }

    /// Whether `value` can be stored without loss of its integer part or range.
    func canRepresent(_ value: Double) -> Bool {
        switch self {
        case .float32, .float64: true
        case .int64: Int64(exactly: value) != nil
        case .int32: Int32(exactly: value) != nil
        case .uint8: UInt8(exactly: value) != nil
        }
    }

    private static func appendBits<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }
}
