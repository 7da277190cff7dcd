import Foundation

extension DomainGap {
    /// The JSON of `gap.json` and `sim2real gap --json`: sorted keys, indented.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    public func write(to path: String) throws {
        try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads what `write(to:)` wrote.
    public static func load(path: String) throws -> DomainGap {
        guard let data = FileManager.default.contents(atPath: path) else { throw DatasetError(file: path, "no such file") }
        do {
            return try JSONDecoder().decode(DomainGap.self, from: data)
        } catch {
            throw DatasetError(file: path, "expected a gap measurement written by 'sim2real gap' (\(error))")
        }
    }
}
