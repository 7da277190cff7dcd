import Foundation
import Validation

/// A stage's cache key: 64-bit FNV-1a over a canonical text of its kind, its encoded parameters, the content of
/// the files and folders they name, the tool version and its inputs' keys, as 16 hex digits. FNV is not
/// cryptographic; the key only has to tell this project's own configurations apart (a collision among n stages
/// has probability about n^2 / 2^65), and it needs no dependency.
public enum StageKey {
    public static func compute(stage: StageSpec, toolVersion: String, inputKeys: [String: [String]]) throws -> String {
        var text = "kind=\(stage.kind.name)\ntool=\(toolVersion)\n"
        text += "parameters=" + String(decoding: try canonicalJSON(stage.parameters), as: UTF8.self) + "\n"
        for path in try stage.parameters.contentFiles {
            text += "file \(path)@" + (try fileDigest(path)) + "\n"
        }
        for path in stage.parameters.contentFolders {
            text += "folder \(path)@" + (try folderDigest(path)) + "\n"
        }
        for input in stage.kind.inputs {
            guard let keys = inputKeys[input.name] else { continue }
            text += "\(input.name)<-\(keys.joined(separator: ","))\n"
        }
        return hex(digest(Data(text.utf8)))
    }

    /// Parameters as JSON with sorted snake_case keys: the same values always give the same bytes.
    public static func canonicalJSON(_ parameters: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(parameters)
    }

    /// FNV-1a, 64 bits.
    public static func digest(_ data: Data, into start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = start
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func fileDigest(_ path: String) throws -> String {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a file")
        } catch {
            throw PipelineError(file: path, "\(error.reason) (named by a pipeline parameter; relative paths start at the current folder, \(FileManager.default.currentDirectoryPath))")
        }
        return hex(digest(data))
    }

    /// The names and contents of the files under `path`, subfolders included (a zarr store, a folder of episodes),
    /// in sorted order.
    static func folderDigest(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              FileManager.default.isReadableFile(atPath: path) else {
            throw PipelineError(file: path, "cannot read this folder (named by a pipeline parameter; relative paths start at the current folder, \(FileManager.default.currentDirectoryPath))")
        }
        return hex(folderDigest(path, into: 0xCBF2_9CE4_8422_2325))
    }

    private static func folderDigest(_ path: String, into start: UInt64) -> UInt64 {
        var hash = start
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
            let child = path + "/" + name
            hash = digest(Data(name.utf8), into: hash)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: child, isDirectory: &isFolder), isFolder.boolValue {
                hash = folderDigest(child, into: digest(Data("/".utf8), into: hash))
            } else if let data = FileManager.default.contents(atPath: child) {
                hash = digest(data, into: hash)
            }
        }
        return hash
    }
}
