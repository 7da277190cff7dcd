import Foundation
import Validation

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
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a gap.json")
        } catch {
            throw DatasetError(file: path, error.reason)
        }
        do {
            return try JSONDecoder().decode(DomainGap.self, from: data)
        } catch let error as DecodingError {
            throw DatasetError(file: path, "expected a gap measurement written by 'sim2real gap' (\(error.summary))")
        }
    }
}
