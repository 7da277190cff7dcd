/// One node of the flattened schema in the footer (Thrift `SchemaElement`): a group when `numberOfChildren`
/// is set, a leaf column otherwise.
struct SchemaElement: Sendable, Equatable {
    enum Repetition: Int32, Sendable {
        case required = 0, optional = 1, repeated = 2
    }

    /// The logical annotations the reader looks at and the writer emits; anything else is kept as `other`.
    enum LogicalType: Sendable, Equatable {
        case string, list, other
    }

    /// Converted-type codes this module uses (Thrift `ConvertedType`).
    static let convertedTypeUTF8: Int32 = 0
    static let convertedTypeList: Int32 = 3

    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: Repetition?
    var name: String
    var numberOfChildren: Int32?
    var convertedType: Int32?
    var logicalType: LogicalType?

    init(type: ParquetPhysicalType? = nil, typeLength: Int32? = nil, repetition: Repetition?, name: String,
         numberOfChildren: Int32? = nil, convertedType: Int32? = nil, logicalType: LogicalType? = nil) {
        self.type = type
        self.typeLength = typeLength
        self.repetition = repetition
        self.name = name
        self.numberOfChildren = numberOfChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    init(reading reader: inout ThriftCompactReader) throws {
        var type: ParquetPhysicalType?
        var typeLength: Int32?
        var repetition: Repetition?
        var name: String?
        var numberOfChildren: Int32?
        var convertedType: Int32?
        var logicalType: LogicalType?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let code = try reader.readI32()
                guard let known = ParquetPhysicalType(thriftCode: code) else {
                    throw ParquetFormatError("schema element of unknown physical type \(code)")
                }
                type = known
            case (2, .i32): typeLength = try reader.readI32()
            case (3, .i32):
                let code = try reader.readI32()
                guard let known = Repetition(rawValue: code) else {
                    throw ParquetFormatError("schema element of unknown repetition \(code)")
                }
                repetition = known
            case (4, .binary): name = try reader.readString()
            case (5, .i32): numberOfChildren = try reader.readI32()
            case (6, .i32): convertedType = try reader.readI32()
            case (10, .structure):
                var annotation = LogicalType.other
                try reader.readStruct { reader, member in
                    switch member.id {
                    case 1: annotation = .string
                    case 3: annotation = .list
                    default: break
                    }
                    try reader.skip(member.type)
                    return true
                }
                logicalType = annotation
            default: return false
            }
            return true
        }
        guard let name else { throw ParquetFormatError("schema element without a name") }
        self.init(type: type, typeLength: typeLength, repetition: repetition, name: name,
                  numberOfChildren: numberOfChildren, convertedType: convertedType, logicalType: logicalType)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { writer in
            if let type { writer.writeI32Field(1, type.thriftCode) }
            if let typeLength { writer.writeI32Field(2, typeLength) }
            if let repetition { writer.writeI32Field(3, repetition.rawValue) }
            writer.writeStringField(4, name)
            if let numberOfChildren { writer.writeI32Field(5, numberOfChildren) }
            if let convertedType { writer.writeI32Field(6, convertedType) }
            switch logicalType {
            case .string: writer.writeStructField(10) { $0.writeStructField(1) { _ in } }
            case .list: writer.writeStructField(10) { $0.writeStructField(3) { _ in } }
            case .other, nil: break
            }
        }
    }
}
