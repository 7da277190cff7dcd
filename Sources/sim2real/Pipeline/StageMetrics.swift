import Datasets
import Foundation
import Pipelines

/// The few numbers a finished stage reports to its `stage.json` and the run index, flat with dotted names.
enum StageMetrics {
    static func measure(_ stage: StageSpec, output: String) throws -> [String: Double] {
        switch stage.kind.output {
        case .dataset:
            let dataset = try DatasetStore.open(path: output)
            let episodes = try dataset.episodes()
            return ["episodes": Double(episodes.count), "frames": Double(try dataset.frameCount()),
                    "success_rate": episodes.isEmpty ? 0 : Double(episodes.filter(\.success).count) / Double(episodes.count)]
        case .gap:
            return flatten(try json(output), prefix: "gap")
        case .experiment:
            let object = try json(output)
            return flatten(object["policy"] ?? [:], prefix: "policy")
        case .editor where stage.kind.name == "specialize":
            let rewards = (try? String(contentsOfFile: output + ".rewards.jsonl", encoding: .utf8)) ?? ""
            guard let last = rewards.split(separator: "\n").last,
                  let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else { return [:] }
            var metrics = flatten(object, prefix: "final")
            metrics["iterations"] = Double(rewards.split(separator: "\n").count)
            return metrics
        default:
            return [:]
        }
    }

    private static func json(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandError("\(path): expected a JSON object")
        }
        return object
    }

    /// Numeric leaves of nested JSON objects, keyed by their dotted path.
    static func flatten(_ value: Any, prefix: String) -> [String: Double] {
        if let number = value as? NSNumber { return [prefix: number.doubleValue] }
        guard let object = value as? [String: Any] else { return [:] }
        var result: [String: Double] = [:]
        for (key, child) in object {
            result.merge(flatten(child, prefix: prefix + "." + key)) { $1 }
        }
        return result
    }
}
