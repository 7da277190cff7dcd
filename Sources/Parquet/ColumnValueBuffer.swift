/// Decoded values of one leaf while its pages are read: one typed array, chosen by the physical type, that
/// PLAIN decoding appends to and dictionary indices gather into.
struct ColumnValueBuffer {
    let type: ParquetPhysicalType
    var booleans: [Bool] = []
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    /// BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 values.
    var byteArrays: [[UInt8]] = []

    init(type: ParquetPhysicalType) {
        self.type = type
    }

    var count: Int {
        switch type {
        case .boolean: booleans.count
        case .int32: int32s.count
        case .int64: int64s.count
        case .float: floats.count
        case .double: doubles.count
        case .int96, .byteArray, .fixedLenByteArray: byteArrays.count
        }
    }

    mutating func reserveCapacity(_ capacity: Int) {
        switch type {
        case .boolean: booleans.reserveCapacity(capacity)
        case .int32: int32s.reserveCapacity(capacity)
        case .int64: int64s.reserveCapacity(capacity)
        case .float: floats.reserveCapacity(capacity)
        case .double: doubles.reserveCapacity(capacity)
        case .int96, .byteArray, .fixedLenByteArray: byteArrays.reserveCapacity(capacity)
        }
    }

    /// Appends `dictionary[index]` for every index, checking each against the dictionary's size.
    mutating func appendGathering(from dictionary: ColumnValueBuffer, indices: [UInt32]) throws {
        let size = dictionary.count
        for index in indices where Int(index) >= size {
            throw ParquetFormatError("dictionary index \(index) is outside the dictionary of \(size) values")
        }
        switch type {
        case .boolean: booleans.append(contentsOf: indices.lazy.map { dictionary.booleans[Int($0)] })
        case .int32: int32s.append(contentsOf: indices.lazy.map { dictionary.int32s[Int($0)] })
        case .int64: int64s.append(contentsOf: indices.lazy.map { dictionary.int64s[Int($0)] })
        case .float: floats.append(contentsOf: indices.lazy.map { dictionary.floats[Int($0)] })
        case .double: doubles.append(contentsOf: indices.lazy.map { dictionary.doubles[Int($0)] })
        case .int96, .byteArray, .fixedLenByteArray: byteArrays.append(contentsOf: indices.lazy.map { dictionary.byteArrays[Int($0)] })
        }
    }

    /// The public form; FIXED_LEN_BYTE_ARRAY and INT96 values come out as byte arrays.
    func values() -> ParquetValues {
        switch type {
        case .boolean: .boolean(booleans)
        case .int32: .int32(int32s)
        case .int64: .int64(int64s)
        case .float: .float(floats)
        case .double: .double(doubles)
        case .int96, .byteArray, .fixedLenByteArray: .byteArray(byteArrays)
        }
    }
}
