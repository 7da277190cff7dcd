/// Leaf values of one column chunk range, only present (non-null) values, in order.
///
/// INT32 covers Arrow's narrower integers; FIXED_LEN_BYTE_ARRAY and INT96 values come out as `byteArray`.
public enum ParquetValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray([[UInt8]])

    public var count: Int {
        switch self {
        case let .boolean(values): values.count
        case let .int32(values): values.count
        case let .int64(values): values.count
        case let .float(values): values.count
        case let .double(values): values.count
        case let .byteArray(values): values.count
        }
    }
}
