import Foundation
import NeuralNets
import Seeding
import Tensors
import Testing
import TestSupport

@Suite struct SafeTensorsTests {
    final class Tiny: Module {
        let a: Inner
        let head: Tensor
        final class Inner: Module {
            let weight = Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) * 0.25 - 0.5 }, requiresGradient: true)
            let bias = Tensor(shape: [2], scalars: [3.5, -1], requiresGradient: true)
        }
        init(head: [Int] = [2]) {
            a = Inner()
            self.head = Tensor.zeros(head, requiresGradient: true)
        }
    }

    static let fixture = Bundle.module.url(forResource: "Fixtures/python", withExtension: "safetensors")!

    @Test func readsAFileWrittenByPython() throws {
        let (tensors, metadata) = try SafeTensors.read(path: Self.fixture.path)
        #expect(metadata == ["producer": "python"])
        #expect(tensors["layer.weight"]?.shape == [3, 4])
        #expect(tensors["layer.weight"]?.scalars == (0..<12).map { Float($0) / 8 - 0.5 })
        #expect(tensors["layer.bias"]?.scalars == [1.5, -2.25, 3.0])
        #expect(tensors["half"]?.scalars == [0.5, -1, 2, 65504])
        #expect(tensors["double"]?.scalars == [Float(1e-3), -7.25])
    }

    @Test func swiftWrittenFileForPython() throws {
        // The layout the Python check script expects; it reads the file this test leaves behind when asked.
        let path = TestSupport.temporaryFolder().appendingPathComponent("swift.safetensors").path
        try Tiny().a.save(to: path, metadata: ["producer": "swift"])
        let reread = try SafeTensors.read(path: path)
        #expect(reread.metadata == ["producer": "swift"])
        #expect(reread.tensors["weight"]?.scalars == Tiny().a.weight.scalars)
        let nested = TestSupport.temporaryFolder().appendingPathComponent("nested.safetensors").path
        try SafeTensors.write(["a.b.weight": Tiny().a.weight, "a.bias": Tiny().a.bias], metadata: ["producer": "swift"], to: nested)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import safetensors"]
        check.standardError = FileHandle.nullDevice
        try check.run(); check.waitUntilExit()
        if check.terminationStatus == 0 {
            let script = Process()
            script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            script.arguments = ["python3", TestSupport.packageRoot.appendingPathComponent("scripts/fixtures/safetensors-interop.py").path, "check", nested]
            try script.run(); script.waitUntilExit()
            #expect(script.terminationStatus == 0)
        }
    }

    @Test func roundTripAndStrictLoading() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("tiny.safetensors").path
        let original = Tiny()
        original.head.scalars = [7, 8]
        try original.save(to: path)
        let copy = Tiny()
        try copy.load(from: path)
        #expect(copy.head.scalars == [7, 8] && copy.a.weight.scalars == original.a.weight.scalars)

        // Shape mismatch names the key and both shapes; the model stays untouched.
        let wrong = Tiny(head: [3])
        do {
            try wrong.load(from: path)
            Issue.record("expected a shape mismatch")
        } catch let error as CheckpointError {
            #expect(error == .shapeMismatch(file: path, key: "head", expected: [3], found: [2]))
            #expect(error.description.contains("[3]") && error.description.contains("[2]"))
        }
        #expect(wrong.a.weight.scalars == Tiny().a.weight.scalars)

        // Missing and unexpected keys.
        let partial = folder.appendingPathComponent("partial.safetensors").path
        try SafeTensors.write(["head": Tensor.zeros([2])], to: partial)
        #expect(throws: CheckpointError.missingKey(file: partial, key: "a.weight", expectedShape: [2, 3])) { try Tiny().load(from: partial) }
        let extra = folder.appendingPathComponent("extra.safetensors").path
        var tensors = original.parameterDictionary()
        tensors["surprise"] = Tensor.zeros([1])
        try SafeTensors.write(tensors, to: extra)
        #expect(throws: CheckpointError.unexpectedKey(file: extra, key: "surprise", shape: [1])) { try Tiny().load(from: extra) }
        try Tiny().load(from: extra, strict: false)

    }

    /// A NaN or infinity is refused both ways: writing leaves no file, and a file holding one (written by another
    /// tool, or damaged) does not load; both errors name the file and the tensor.
    @Test func nonFiniteValuesAreRefused() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nan.safetensors").path
        var tensors = Tiny().parameterDictionary()
        tensors["head"] = Tensor(shape: [2], scalars: [1, .nan])
        #expect { try SafeTensors.write(tensors, to: path) } throws: { "\($0)".contains("'head'") && "\($0)".contains(path) }
        #expect(!FileManager.default.fileExists(atPath: path))

        // The same bytes as a writer without the check would leave: F32 NaN is 0x7FC00000, infinity 0x7F800000.
        for (bits, index) in [(UInt32(0x7FC0_0000), 1), (UInt32(0x7F80_0000), 0)] {
            tensors["head"] = Tensor(shape: [2], scalars: [1, 2])
            try SafeTensors.write(tensors, to: path)
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let value = Float(index + 1)
            let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Data($0) }
            let offset = data.lastRange(of: pattern)!.lowerBound
            data.replaceSubrange(offset..<(offset + 4), with: withUnsafeBytes(of: bits.littleEndian) { Data($0) })
            try data.write(to: URL(fileURLWithPath: path))
            #expect(throws: CheckpointError.nonFinite(file: path, key: "head", index: index)) { try Tiny().load(from: path) }
        }
    }

    @Test func corruptFilesGiveErrors() throws {
        let valid = try Data(contentsOf: Self.fixture)
        func header(_ json: String, data: Int) -> Data {
            var bytes = Data()
            var length = UInt64(json.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
            bytes.append(Data(json.utf8))
            bytes.append(Data(count: data))
            return bytes
        }
        let cases: [(String, Data)] = [
            ("truncated", valid.prefix(valid.count - 3)),
            ("tiny", Data([1, 2, 3])),
            ("huge header length", Data([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]) + Data(count: 16)),
            ("not json", header("{not json", data: 0)),
            ("offsets past end", header(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: 4)),
            ("size lies", header(#"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8)),
            ("overlap", header(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8)),
            ("gap", header(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8)),
            ("negative", header(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: 4)),
            ("overflowing shape", header(#"{"x":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, data: 4)),
            ("wrong dtype", header(#"{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: 8)),
            ("bad metadata", header(#"{"__metadata__":{"a":1}}"#, data: 0)),
        ]
        for (name, data) in cases {
            #expect(throws: CheckpointError.self, "\(name)") { try SafeTensors.decode(data, file: name) }
        }
        #expect(throws: CheckpointError.self) { try SafeTensors.read(path: "/nonexistent/x.safetensors") }
    }

    @Test func randomlyCorruptedHeadersNeverCrash() throws {
        let valid = try Data(contentsOf: Self.fixture)
        var generator = SeededGenerator(seed: 2026)
        var failures = 0
        for _ in 0..<2000 {
            var bytes = [UInt8](valid)
            let headerEnd = min(bytes.count, 8 + Int(bytes[0]) + Int(bytes[1]) << 8)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<headerEnd, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<min(32, bytes.count), using: &generator)) }
            do {
                let (tensors, _) = try SafeTensors.decode(Data(bytes), file: "fuzz")
                #expect(tensors.values.allSatisfy { $0.count == $0.shape.reduce(1, *) })
            } catch is CheckpointError {
                failures += 1
            }
        }
        #expect(failures > 100)
    }
}
