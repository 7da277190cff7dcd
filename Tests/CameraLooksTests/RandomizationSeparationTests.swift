import Foundation
import Testing
import TestSupport

/// Domain randomization (the base editor's training data) cannot reach the look bank.
///
/// The guard is the module graph: the randomizer lives in `Rendering` and the editor's training in `Editing`;
/// the looks live in `CameraLooks` and are chosen through `Scenes`, both of which depend on `Rendering`. These
/// tests read the package manifest and assert that neither `Rendering` nor `Editing` depends, even indirectly,
/// on those modules (the compiler then refuses any use of a look type there), and that no source file of
/// theirs imports them.
@Suite struct RandomizationSeparationTests {
    static let lookModules: Set<String> = ["CameraLooks", "Scenes"]
    static let guarded = ["Rendering", "Editing"]

    /// Target name to the names of the targets it depends on, read from `Package.swift`.
    static func targetDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var dependencies: [String: Set<String>] = [:]
        let declarations = manifest.components(separatedBy: "Target(name: \"").dropFirst()
            + manifest.components(separatedBy: ".target(name: \"").dropFirst()
        for declaration in declarations {
            guard let nameEnd = declaration.firstIndex(of: "\"") else { continue }
            let name = String(declaration[..<nameEnd])
            var names = Set<String>()
            if let start = declaration.range(of: "dependencies: [") {
                // The list up to its closing bracket (products are `.product(name: ..., package: ...)`, not targets).
                var depth = 1, index = start.upperBound
                while depth > 0 && index < declaration.endIndex {
                    if declaration[index] == "[" { depth += 1 }
                    if declaration[index] == "]" { depth -= 1 }
                    index = declaration.index(after: index)
                }
                var list = String(declaration[start.upperBound..<index])
                while let product = list.range(of: #"\.product\([^)]*\)"#, options: .regularExpression) {
                    list.removeSubrange(product)
                }
                let quoted = list.components(separatedBy: "\"")
                names = Set(stride(from: 1, to: quoted.count, by: 2).map { quoted[$0] })
            }
            dependencies[name, default: []].formUnion(names)
        }
        return dependencies
    }

    static func closure(of target: String, in graph: [String: Set<String>]) -> Set<String> {
        var seen = Set<String>(), stack = [target]
        while let next = stack.popLast() {
            for dependency in graph[next] ?? [] where seen.insert(dependency).inserted {
                stack.append(dependency)
            }
        }
        return seen
    }

    @Test func theManifestIsReadCorrectly() throws {
        let graph = try Self.targetDependencies()
        #expect(graph["CameraLooks"]?.contains("Rendering") == true)
        #expect(graph["Scenes"]?.isSuperset(of: ["Rendering", "CameraLooks"]) == true)
        #expect(Self.closure(of: "sim2real", in: graph).isSuperset(of: ["Scenes", "CameraLooks", "Rendering", "Editing"]))
    }

    @Test(arguments: guarded)
    func guardedModulesDoNotDependOnTheLooks(module: String) throws {
        let graph = try Self.targetDependencies()
        #expect(graph[module] != nil, "\(module) is declared")
        let reached = Self.closure(of: module, in: graph)
        #expect(reached.isDisjoint(with: Self.lookModules), "\(module) reaches \(reached.intersection(Self.lookModules))")
    }

    @Test(arguments: guarded)
    func guardedSourcesDoNotImportTheLooks(module: String) throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Sources/\(module)")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count >= 5)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let imported = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(!Self.lookModules.contains(imported), "\(module)/\(file) imports \(imported)")
            }
        }
    }

    /// The randomizer's own folder names no look type either (a second line of defence for a future move of it).
    @Test func randomizationSourcesNameNoLookType() throws {
        let looks = TestSupport.packageRoot.appendingPathComponent("Sources/CameraLooks")
        let lookFiles = try FileManager.default.contentsOfDirectory(atPath: looks.path).filter { $0.hasSuffix(".swift") }
        var typeNames = Set<String>()
        for file in lookFiles {
            let text = try String(contentsOf: looks.appendingPathComponent(file), encoding: .utf8)
            // Top-level declarations (nested types such as CameraLook.Table are reached through them).
            let pattern = #"(?m)^(?:public |package )?(?:struct|enum|class) ([A-Z][A-Za-z]+)"#
            let regex = try NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { typeNames.insert(String(text[range])) }
            }
        }
        #expect(typeNames.isSuperset(of: ["CameraLook", "CameraLookRenderer", "TableTexture", "GoalMarking"]))
        let folder = TestSupport.packageRoot.appendingPathComponent("Sources/Rendering/Randomization")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for name in typeNames {
                #expect(!text.contains(name), "\(file) names \(name)")
            }
        }
    }
}
