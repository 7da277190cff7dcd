/// Value and level encodings (Thrift `Encoding`); kept as the raw code so unknown ones can be named in errors.
struct ParquetEncoding: RawRepresentable, Equatable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: Int32

    static let plain = ParquetEncoding(rawValue: 0)
    static let plainDictionary = ParquetEncoding(rawValue: 2)
    static let rle = ParquetEncoding(rawValue: 3)
    static let bitPacked = ParquetEncoding(rawValue: 4)
    static let deltaBinaryPacked = ParquetEncoding(rawValue: 5)
    static let deltaLengthByteArray = ParquetEncoding(rawValue: 6)
    static let deltaByteArray = ParquetEncoding(rawValue: 7)
    static let rleDictionary = ParquetEncoding(rawValue: 8)
    static let byteStreamSplit = ParquetEncoding(rawValue: 9)

    var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding \(rawValue)"
        }
    }
}
