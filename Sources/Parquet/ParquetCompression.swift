/// How to compress the pages the writer produces.
public enum ParquetCompression: Sendable, Equatable {
    case none, snappy

    var codec: ParquetCodec {
        switch self {
        case .none: .uncompressed
        case .snappy: .snappy
        }
    }
}
