/// The storage type of a Parquet leaf column (Thrift `Type`).
public enum ParquetPhysicalType: Sendable, Equatable, CaseIterable {
    case boolean, int32, int64, int96, float, double, byteArray, fixedLenByteArray

    init?(thriftCode: Int32) {
        switch thriftCode {
        case 0: self = .boolean
        case 1: self = .int32
        case 2: self = .int64
        case 3: self = .int96
        case 4: self = .float
        case 5: self = .double
        case 6: self = .byteArray
        case 7: self = .fixedLenByteArray
        default: return nil
        }
    }

    var thriftCode: Int32 {
        switch self {
        case .boolean: 0
        case .int32: 1
        case .int64: 2
        case .int96: 3
        case .float: 4
        case .double: 5
        case .byteArray: 6
        case .fixedLenByteArray: 7
        }
    }
}
