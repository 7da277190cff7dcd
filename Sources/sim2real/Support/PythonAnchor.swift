import Foundation

/// Runs a reference-measurement script in Python (gym-pusht, PyTorch) and reads the JSON object it prints.
enum PythonAnchor {
    /// The parsed JSON, or a reason why the anchor could not be measured.
    static func run(script: String, arguments: [String], environment: [String: String] = [:])
        -> Result<[String: Any], CommandError> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(CommandError("anchor script \(script) not found (run from the repository root)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(CommandError("cannot start python3: \(error.localizedDescription)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine = errorText.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            return .failure(CommandError("\(script) failed: \(lastLine)"))
        }
        let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
            return .failure(CommandError("\(script) printed no JSON object"))
        }
        return .success(object)
    }
}
