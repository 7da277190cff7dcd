import Foundation

/// Seeded mutations of a valid input, for property tests of loaders: "a mutated input gives a clean error or a
/// valid result, never a crash". The same seed gives the same mutations on every run, so a failing case can be
/// replayed from the seed and the case index a test prints.
///
/// Byte mutations (flip, truncate, delete, duplicate, insert) reach binary formats; text mutations replace a
/// number, a word or a line with what a hostile user or a damaged file would put there: NaN and infinities,
/// numbers far out of range, negative and huge integers, wrong types (a list, a mapping, a quoted string), empty
/// values, and cut or repeated lines.
public struct InputMutator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x2545_F491_4F6C_DD1D
    }

    /// SplitMix64: small, fast and reproducible.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<count` (count > 0).
    public mutating func below(_ count: Int) -> Int {
        Int(next() % UInt64(max(1, count)))
    }

    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// Values that break numeric fields: non-finite, beyond every bound, of the wrong sign or type, or empty.
    public static let hostileNumbers = [
        "nan", ".nan", "NaN", "inf", "-inf", ".inf", "-.inf", "Infinity", "1e308", "-1e308", "1e40", "1e-320", "0", "-0", "-1",
        "-99999999999", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "4294967296", "1e12", "0.5",
        "1.5e9", "abc", "\"12\"", "'3'", "[]", "[1, 2]", "{}", "{a: 1}", "null", "~", "true", "", "0x10", "1_000", "1e",
    ]

    /// One mutation of `bytes`, chosen at random.
    public mutating func mutate(bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        guard !result.isEmpty else { return [UInt8(truncatingIfNeeded: next())] }
        switch below(7) {
        case 0:  // flip bits of one byte
            result[below(result.count)] ^= UInt8(truncatingIfNeeded: 1 + below(255))
        case 1:  // truncate
            result.removeSubrange(below(result.count)...)
        case 2:  // delete a range
            let start = below(result.count)
            result.removeSubrange(start..<min(result.count, start + 1 + below(64)))
        case 3:  // duplicate a range
            let start = below(result.count), end = min(result.count, start + 1 + below(64))
            result.insert(contentsOf: result[start..<end], at: below(result.count))
        case 4:  // random bytes
            let count = 1 + below(16)
            result.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }, at: below(result.count + 1))
        case 5:  // an extreme byte (0x00, 0xFF, 0x7F, 0x80) over several positions
            let value = pick([UInt8(0), 0xFF, 0x7F, 0x80])
            for _ in 0..<(1 + below(8)) { result[below(result.count)] = value }
        default:  // overwrite 4 or 8 bytes with an extreme float or integer pattern
            let patterns: [[UInt8]] = [[0, 0, 0xC0, 0x7F], [0, 0, 0x80, 0x7F], [0xFF, 0xFF, 0xFF, 0x7F], [0, 0, 0, 0x80],
                                       [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0, 0, 0, 0, 0, 0, 0xF0, 0x7F]]
            let pattern = pick(patterns)
            let start = below(max(1, result.count - pattern.count + 1))
            for (offset, byte) in pattern.enumerated() where start + offset < result.count { result[start + offset] = byte }
        }
        return result
    }

    /// One mutation of `text` (YAML, JSON, CSV), chosen at random; byte mutations are among the choices, so a
    /// result need not be valid UTF-8.
    public mutating func mutate(text: String) -> String {
        let numbers = Self.tokens(in: text, where: { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "+" }, requiringDigit: true)
        let words = Self.tokens(in: text, where: { $0.isLetter || $0 == "_" || $0 == "-" || $0.isNumber }, requiringDigit: false)
        var lines = text.components(separatedBy: "\n")
        let choice = below(8)
        if choice <= 2, !numbers.isEmpty {  // a number replaced by a hostile value
            return text.replacingCharacters(in: pick(numbers), with: pick(Self.hostileNumbers))
        }
        if choice == 3, !words.isEmpty {  // a word (a key, a kind, a name) replaced
            return text.replacingCharacters(in: pick(words), with: pick(Self.hostileNumbers + ["kind", "stages", "x", String(repeating: "a", count: 300)]))
        }
        if choice == 4, lines.count > 1 {  // a line removed or repeated
            let index = below(lines.count)
            if next() % 2 == 0 { lines.remove(at: index) } else { lines.insert(lines[index], at: index) }
            return lines.joined(separator: "\n")
        }
        if choice == 5, lines.count > 1 {  // a line's indentation changed
            let index = below(lines.count)
            let trimmed = lines[index].drop { $0 == " " }
            lines[index] = String(repeating: " ", count: below(6)) + trimmed
            return lines.joined(separator: "\n")
        }
        if choice == 6 {  // several numbers at once
            var result = text
            for _ in 0..<(1 + below(4)) {
                let current = Self.tokens(in: result, where: { $0.isNumber || $0 == "." || $0 == "-" }, requiringDigit: true)
                guard !current.isEmpty else { break }
                result = result.replacingCharacters(in: pick(current), with: pick(Self.hostileNumbers))
            }
            return result
        }
        return String(decoding: mutate(bytes: Array(text.utf8)), as: UTF8.self)
    }

    /// Ranges of maximal runs of characters matching `member`.
    private static func tokens(in text: String, where member: (Character) -> Bool, requiringDigit: Bool) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index <= text.endIndex {
            let inside = index < text.endIndex && member(text[index])
            if inside, start == nil { start = index }
            if !inside, let begin = start {
                if !requiringDigit || text[begin..<index].contains(where: \.isNumber) { result.append(begin..<index) }
                start = nil
            }
            if index == text.endIndex { break }
            index = text.index(after: index)
        }
        return result
    }
}
