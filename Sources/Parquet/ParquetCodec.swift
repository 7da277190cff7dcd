/// Page compression codecs (Thrift `CompressionCodec`); kept as the raw code so unknown ones can be named.
struct ParquetCodec: RawRepresentable, Equatable, Sendable, CustomStringConvertible {
    var rawValue: Int32

    static let uncompressed = ParquetCodec(rawValue: 0)
    static let snappy = ParquetCodec(rawValue: 1)
    static let gzip = ParquetCodec(rawValue: 2)
    static let lzo = ParquetCodec(rawValue: 3)
    static let brotli = ParquetCodec(rawValue: 4)
    static let lz4 = ParquetCodec(rawValue: 5)
    static let zstd = ParquetCodec(rawValue: 6)
    static let lz4Raw = ParquetCodec(rawValue: 7)

    var description: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(rawValue)"
        }
    }
}
