/// A path template from `meta/info.json` such as `data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet`:
/// Python's `str.format` with named fields, plain (`{video_key}`) or zero-padded integers (`{episode_index:06d}`).
struct LeRobotPathTemplate: Sendable {
    let text: String

    /// The path with every field filled; a field the template names but `values` lacks, or a format other than
    /// `0Nd`, is an error naming the template.
    func path(_ values: [String: LeRobotPathValue], file: String, field: String) throws -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw DatasetError(file: file, "field '\(field)': template '\(text)' has an unclosed '{'")
            }
            let body = rest[rest.index(after: open)..<close]
            let parts = body.split(separator: ":", maxSplits: 1)
            let name = String(parts.first ?? "")
            guard let value = values[name] else {
                throw DatasetError(file: file, "field '\(field)': template '\(text)' names {\(name)}, expected only \(values.keys.sorted().map { "{\($0)}" }.joined(separator: ", "))")
            }
            out += try value.formatted(parts.count == 2 ? String(parts[1]) : "", template: text, file: file, field: field)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// A value put into a path template.
enum LeRobotPathValue: Sendable {
    case integer(Int)
    case text(String)

    func formatted(_ format: String, template: String, file: String, field: String) throws -> String {
        switch self {
        case .text(let value) where format.isEmpty: return value
        case .integer(let value) where format.isEmpty || format == "d": return String(value)
        case .integer(let value) where format.hasPrefix("0") && format.hasSuffix("d"):
            guard let width = Int(format.dropFirst().dropLast()), width <= 32 else { break }
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        default: break
        }
        throw DatasetError(file: file, "field '\(field)': template '\(template)' uses format ':\(format)', expected none or 0Nd")
    }
}
