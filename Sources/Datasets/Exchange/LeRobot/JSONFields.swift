import Foundation

/// A JSON object read from a file, whose typed lookups fail with the file and the field's dotted path.
struct JSONFields {
    let file: String
    let path: String
    let values: [String: Any]

    /// The object in `data` (the whole of `file`, or one line of a JSON-lines file when `line` is given).
    init(data: Data, file: String, line: Int? = nil) throws {
        self.file = file
        path = ""
        let place = line.map { "line \($0): " } ?? ""
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DatasetError(file: file, "\(place)is not valid JSON (\(error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else { throw DatasetError(file: file, "\(place)expected a JSON object") }
        values = object
    }

    /// The objects of a JSON-lines file, blank lines skipped.
    static func lines(of file: String) throws -> [JSONFields] {
        let text = try String(decoding: readData(file), as: UTF8.self)
        return try text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            line.allSatisfy(\.isWhitespace) ? nil : try JSONFields(data: Data(line.utf8), file: file, line: number + 1)
        }
    }

    static func readData(_ file: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: file) else { throw DatasetError(file: file, "does not exist") }
        do { return try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw DatasetError(file: file, "cannot be read (\(error.localizedDescription))")
        }
    }

    private init(file: String, path: String, values: [String: Any]) {
        self.file = file
        self.path = path
        self.values = values
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ expectation: String) -> DatasetError {
        DatasetError(file: file, "field '\(name(key))': \(expectation)")
    }

    func has(_ key: String) -> Bool { values[key].map { !($0 is NSNull) } ?? false }

    func int(_ key: String) throws -> Int {
        guard let number = values[key] as? NSNumber, let value = Int(exactly: number.doubleValue) else {
            throw fail(key, values[key] == nil ? "missing, expected an integer" : "expected an integer")
        }
        return value
    }

    func double(_ key: String) throws -> Double {
        guard let number = values[key] as? NSNumber, number.doubleValue.isFinite else {
            throw fail(key, values[key] == nil ? "missing, expected a number" : "expected a finite number")
        }
        return number.doubleValue
    }

    func string(_ key: String) throws -> String {
        guard let value = values[key] as? String else {
            throw fail(key, values[key] == nil ? "missing, expected a string" : "expected a string")
        }
        return value
    }

    func optionalString(_ key: String) throws -> String? { has(key) ? try string(key) : nil }

    func object(_ key: String) throws -> JSONFields {
        guard let value = values[key] as? [String: Any] else {
            throw fail(key, values[key] == nil ? "missing, expected an object" : "expected an object")
        }
        return JSONFields(file: file, path: name(key), values: value)
    }

    func ints(_ key: String) throws -> [Int] {
        guard let items = values[key] as? [Any] else { throw fail(key, "expected a list of integers") }
        return try items.map { item in
            guard let number = item as? NSNumber, let value = Int(exactly: number.doubleValue) else {
                throw fail(key, "expected a list of integers")
            }
            return value
        }
    }

    func strings(_ key: String) throws -> [String] {
        guard let items = values[key] as? [Any], let strings = items as? [String] else { throw fail(key, "expected a list of strings") }
        return strings
    }
}
