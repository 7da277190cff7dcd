import Foundation
import Pipelines

/// Runs a reference-measurement script in Python (gym-pusht, PyTorch) and reads the JSON object it prints.
/// A missing script or Python is a note in the benchmark's result, not a failure: our own figures stand alone.
enum PythonAnchor {
    /// The parsed JSON, or a reason why the anchor could not be measured. Scripts are found relative to the
    /// working directory (the repository root).
    static func run(script: String, arguments: [String], environment: [String: String] = [:])
        -> Result<[String: Any], WorkflowError> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(WorkflowError("anchor script \(script) not found (run from the repository root)"))
        }
        let outcome: ExternalCommand.Outcome
        do {
            outcome = try ExternalCommand.run("python3", [script] + arguments, environment: environment)
        } catch {
            return .failure(WorkflowError("cannot start python3: \(error.localizedDescription)"))
        }
        guard outcome.status == 0 else {
            let lastLine = outcome.errors.split(separator: "\n").last.map(String.init) ?? "exit \(outcome.status)"
            return .failure(WorkflowError("\(script) failed: \(lastLine)"))
        }
        let lastLine = String(decoding: outcome.output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
            return .failure(WorkflowError("\(script) printed no JSON object"))
        }
        return .success(object)
    }
}
