import Foundation

/// Flat metric names for the run index and `stage.json`: the numeric leaves of a result, keyed by their dotted
/// path (`gap.regions.block.hellinger`).
enum MetricNames {
    static func flatten(_ value: some Encodable, prefix: String) throws -> [String: Double] {
        leaves(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)), prefix: prefix)
    }

    private static func leaves(_ value: Any, prefix: String) -> [String: Double] {
        if let number = value as? NSNumber { return [prefix: number.doubleValue] }
        guard let object = value as? [String: Any] else { return [:] }
        var result: [String: Double] = [:]
        for (key, child) in object {
            result.merge(leaves(child, prefix: prefix + "." + key)) { $1 }
        }
        return result
    }
}
