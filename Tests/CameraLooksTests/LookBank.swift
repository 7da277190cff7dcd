import CameraLooks
import Foundation
import Scenes
import TestSupport

/// The committed look files of `scenes/looks/`, loaded once for the tests.
enum LookBank {
    struct Entry: Sendable {
        var name: String
        var folder: String
        var path: String
        var text: String
        var spec: SceneSpec
    }

    static let root = TestSupport.packageRoot.appendingPathComponent("scenes/looks")

    /// Every look file of both splits; a file that fails to parse is reported by `LookFilesTests`.
    static let entries: [Entry] = CameraLook.Split.allCases.flatMap { split in
        let folder = root.appendingPathComponent(split.rawValue)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { (name: String) -> Entry? in
            let path = folder.appendingPathComponent(name).path
            guard let loaded = try? SceneSpec.load(path: path) else { return nil }
            return Entry(name: String(name.dropLast(5)), folder: split.rawValue, path: path, text: loaded.text, spec: loaded.spec)
        }
    }

    static var names: [String] { entries.map(\.name) }

    static func entry(_ name: String) -> Entry {
        entries.first { $0.name == name }!
    }
}
