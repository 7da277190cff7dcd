import ArgumentParser
import Foundation
import Simulation
import Validation

/// Parses and validates values users pass on the command line, with errors that name the input.
enum CommandInput {
    /// A Push-T state from "ax,ay,bx,by,theta": five finite numbers.
    static func state(_ text: String, option: String) throws -> PushTState {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 5 else {
            throw ValidationError("\(option) expects 5 comma-separated numbers " +
                                  "\"agent_x,agent_y,block_x,block_y,block_angle\", got \(fields.count) in \"\(text)\".")
        }
        var values: [Double] = []
        for (name, field) in zip(PushTState.fieldNames, fields) {
            guard let value = Double(field) else {
                throw ValidationError("\(option): \(name) must be a number, got \"\(field)\".")
            }
            values.append(value)
        }
        let state = PushTState(vector: values)
        do {
            try state.validate()
        } catch {
            throw ValidationError("\(option): \(error.field) \(error.message).")
        }
        return state
    }

    /// Actions from a JSON file holding an array of [x, y] pairs of finite numbers.
    static func actions(file path: String) throws -> [(x: Double, y: Double)] {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a JSON file of [x, y] actions")
        } catch {
            throw CommandError("actions file \(error)")
        }
        let pairs: [[Double]]
        do {
            pairs = try JSONDecoder().decode([[Double]].self, from: data)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let place = context.codingPath.first.map { "element \($0.intValue ?? 0)" } ?? "the top level"
            throw CommandError("actions file \(path): \(place) is not an array of [x, y] number pairs.")
        } catch {
            throw CommandError("actions file \(path) is not valid JSON: expected an array of [x, y] pairs.")
        }
        var actions: [(x: Double, y: Double)] = []
        for (index, pair) in pairs.enumerated() {
            guard pair.count == 2 else {
                throw CommandError("actions file \(path): element \(index) must be a pair [x, y], " +
                                      "got \(pair.count) numbers.")
            }
            do {
                try PushTState.validateAction(x: pair[0], y: pair[1])
            } catch {
                throw CommandError("actions file \(path): element \(index): \(error.field) \(error.message).")
            }
            actions.append((pair[0], pair[1]))
        }
        return actions
    }

    /// Fails unless the file exists and can be read.
    static func requireReadable(_ path: String, option: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CommandError("\(option): cannot read file \(path).")
        }
    }
}
