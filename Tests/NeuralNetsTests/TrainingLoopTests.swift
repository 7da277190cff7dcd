import Seeding
import Foundation
import NeuralNets
import Tensors
import Testing
import TestSupport

@Suite struct TrainingLoopTests {
    /// A 2-8-1 regressor: small enough that a step takes microseconds, large enough to have AdamW moments worth keeping.
    final class TinyRegressor: Module {
        let hidden: Linear, output: Linear
        init(seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            hidden = Linear(inputDimensions: 2, outputDimensions: 8, generator: &generator)
            output = Linear(inputDimensions: 8, outputDimensions: 1, generator: &generator)
        }
        func callAsFunction(_ x: Tensor) -> Tensor { output(hidden(x).silu()) }
    }

    /// A loop over a fresh regressor with a warm-up and cosine rate and, by default, a moving average.
    static func makeLoop(modelSeed: UInt64 = 1, steps: Int = 7, checkpointEvery: Int = 3, averageDecay: Float? = 0.5) -> TrainingLoop {
        let model = TinyRegressor(seed: modelSeed)
        return TrainingLoop(model: model, optimizer: AdamW(learningRate: 0.05),
                            average: averageDecay.map { ExponentialMovingAverage(model: model, decay: $0) }, seed: 9, steps: steps,
                            checkpointEvery: checkpointEvery,
                            learningRateSchedule: LearningRateSchedule(peak: 0.05, warmupSteps: 2, totalSteps: steps),
                            metadata: ["format": "test"])
    }

    /// The step: a batch of four points drawn from the step's generator, fitted to sin(x) + y.
    static func step(_ loop: TrainingLoop) -> (Int, inout SeededGenerator) -> Float {
        { _, generator in
            let model = loop.model as! TinyRegressor
            let inputs = Tensor.uniform([4, 2], low: -1, high: 1, using: &generator)
            let targets = Tensor(shape: [4, 1], scalars: (0..<4).map { Foundation.sin(inputs.scalars[2 * $0]) + inputs.scalars[2 * $0 + 1] })
            let loss = Tensor.meanSquaredError(model(inputs), targets)
            loss.backward()
            loop.optimizer.update(model.trainableParameters())
            return loss.item
        }
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func bits(_ model: Module) -> [String: [UInt32]] {
        model.parameterDictionary().mapValues { $0.scalars.map(\.bitPattern) }
    }

    @Test func resumedRunEqualsAnUninterruptedOneBitForBit() throws {
        let folder = TestSupport.temporaryFolder()
        let straightPath = folder.appendingPathComponent("straight.safetensors").path
        let straight = Self.makeLoop()
        try straight.run(checkpointingTo: straightPath, step: Self.step(straight))

        let resumedPath = folder.appendingPathComponent("resumed.safetensors").path
        let first = Self.makeLoop()
        try first.run(checkpointingTo: resumedPath, stopAfter: 5, step: Self.step(first))
        // Another initialization: everything the rest of the run depends on must come from the checkpoint.
        let second = Self.makeLoop(modelSeed: 2)
        #expect(Self.bits(second.model) != Self.bits(first.model))
        let metadata = try second.resume(from: resumedPath)
        #expect(second.completedSteps == 5 && metadata["completed_steps"] == "5" && metadata["format"] == "test")
        #expect(second.optimizer.step == 5)
        try second.run(checkpointingTo: resumedPath, step: Self.step(second))

        #expect(second.completedSteps == 7)
        #expect(Self.bits(second.model) == Self.bits(straight.model))
        #expect(second.average!.shadow.mapValues { $0.map(\.bitPattern) } == straight.average!.shadow.mapValues { $0.map(\.bitPattern) })
        #expect(try Self.bytes(resumedPath) == Self.bytes(straightPath))
        #expect(try Self.bytes(TrainingLoop.statePath(for: resumedPath)) == Self.bytes(TrainingLoop.statePath(for: straightPath)))
        // The seeds do matter: another seed ends elsewhere.
        let model = TinyRegressor(seed: 1)
        let reseeded = TrainingLoop(model: model, optimizer: AdamW(learningRate: 0.05), seed: 10, steps: 7, checkpointEvery: 3)
        try reseeded.run(checkpointingTo: nil, step: Self.step(reseeded))
        #expect(Self.bits(reseeded.model) != Self.bits(straight.model))
    }

    /// Step k's generator depends on (seed, k) only, by the formula every shipped run was trained with.
    @Test func stepGeneratorsFollowTheSeedFormula() throws {
        var generator = TrainingLoop.generator(seed: 5, step: 3)
        var expected = SeededGenerator(seed: 5 &* 0x9E37_79B9_7F4A_7C15 &+ 4)
        #expect((0..<4).map { _ in generator.next() } == (0..<4).map { _ in expected.next() })
        var next = TrainingLoop.generator(seed: 5, step: 4), same = TrainingLoop.generator(seed: 5, step: 3)
        #expect(next.next() != same.next())
        let loop = Self.makeLoop(steps: 3, averageDecay: nil)
        var draws: [UInt64] = []
        try loop.run(checkpointingTo: nil, step: { _, generator in draws.append(generator.next()) })
        #expect(draws == (0..<3).map { step in
            var generator = TrainingLoop.generator(seed: 9, step: step)
            return generator.next()
        })
    }

    @Test func checkpointsEveryNStepsAndAtTheStop() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("run.safetensors").path, state = TrainingLoop.statePath(for: path)
        #expect(state == folder.appendingPathComponent("run.training.safetensors").path)
        func savedStep() throws -> String? {
            guard FileManager.default.fileExists(atPath: state) else { return nil }
            let stateStep = try SafeTensors.read(path: state).metadata["completed_steps"]
            #expect(try SafeTensors.read(path: path).metadata["completed_steps"] == stateStep)
            return stateStep
        }
        let loop = Self.makeLoop(steps: 10, checkpointEvery: 4)
        #expect(loop.lastStep(stopAfter: 6) == 6 && loop.lastStep(stopAfter: 12) == 10 && loop.lastStep(stopAfter: nil) == 10)
        var seen: [(Int, String?)] = []
        try loop.run(checkpointingTo: path, stopAfter: 6, step: Self.step(loop)) { step, loss in
            #expect(loss.isFinite)
            seen.append((step, try? savedStep()))
        }
        #expect(seen.map(\.0) == Array(1...6))
        #expect(seen.map(\.1) == [nil, nil, nil, "4", "4", "6"])

        let resumed = Self.makeLoop(steps: 10, checkpointEvery: 4)
        try resumed.resume(from: path)
        seen = []
        try resumed.run(checkpointingTo: path, step: Self.step(resumed)) { step, _ in seen.append((step, try? savedStep())) }
        #expect(seen.map(\.0) == Array(7...10))
        #expect(seen.map(\.1) == ["6", "8", "8", "10"])
        // The weights file holds parameters only; the state holds the moments and the average too.
        let weights = try SafeTensors.read(path: path).tensors.keys, saved = try SafeTensors.read(path: state).tensors.keys
        #expect(Set(weights) == Set(resumed.model.parameterDictionary().keys))
        #expect(saved.contains("adam.step") && saved.contains("adam.m.hidden.weight") && saved.contains("ema.output.bias"))

        // Nothing left to do still leaves the weights file: a zero-step run is its initialization.
        let empty = Self.makeLoop(steps: 0, averageDecay: nil)
        let emptyPath = folder.appendingPathComponent("empty.safetensors").path
        try empty.run(checkpointingTo: emptyPath, step: { _, _ in Issue.record("a zero-step run stepped") })
        #expect(try SafeTensors.read(path: emptyPath).metadata["completed_steps"] == "0")
    }

    @Test func movingAverageIsTheWeightsFileAndRoundTrips() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("ema.safetensors").path
        let loop = Self.makeLoop(steps: 3)
        try loop.run(checkpointingTo: path, step: Self.step(loop))
        let raw = Self.bits(loop.model), shadow = loop.average!.shadow.mapValues { $0.map(\.bitPattern) }
        #expect(raw != shadow)
        let written = try SafeTensors.read(path: path).tensors.mapValues { $0.scalars.map(\.bitPattern) }
        #expect(written == shadow)

        let resumed = Self.makeLoop(modelSeed: 3, steps: 3)
        try resumed.resume(from: path)
        #expect(resumed.average!.shadow.mapValues { $0.map(\.bitPattern) } == shadow)
        #expect(Self.bits(resumed.model) == raw)
    }

    @Test func failedSavesLeaveNoPartialFiles() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("run.safetensors").path, state = TrainingLoop.statePath(for: path)
        let loop = Self.makeLoop(steps: 2, checkpointEvery: 1, averageDecay: nil)
        try loop.run(checkpointingTo: path, stopAfter: 1, step: Self.step(loop))
        let firstWeights = try Self.bytes(path)

        // The state cannot be written: the save fails before it touches the weights file.
        try FileManager.default.removeItem(atPath: state)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
        #expect { try loop.run(checkpointingTo: path, step: Self.step(loop)) } throws: { error in
            (error as? CheckpointError).map { "\($0)".contains("run.training.safetensors") } ?? false
        }
        #expect(try Self.bytes(path) == firstWeights)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["run.safetensors", "run.training.safetensors"])

        // The weights cannot be written: the state is complete and resumes to the step it records.
        let other = folder.appendingPathComponent("other.safetensors").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        #expect(throws: CheckpointError.self) { try loop.save(to: other) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["other.safetensors", "other.training.safetensors", "run.safetensors", "run.training.safetensors"])
        let resumed = Self.makeLoop(steps: 2, checkpointEvery: 1, averageDecay: nil)
        try resumed.resume(from: other)
        #expect(resumed.completedSteps == 2 && Self.bits(resumed.model) == Self.bits(loop.model))
    }

    @Test func resumeReadsAnOlderStepKeyAndRefusesWhatItCannotUse() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("run.safetensors").path, state = TrainingLoop.statePath(for: path)
        let loop = Self.makeLoop(steps: 4, checkpointEvery: 1, averageDecay: nil)
        try loop.run(checkpointingTo: path, stopAfter: 2, step: Self.step(loop))
        let (tensors, metadata) = try SafeTensors.read(path: state)

        // An older run recorded its count under another key (and an unrelated completed_steps): that key wins.
        var legacy = metadata
        (legacy["completed_iterations"], legacy["completed_steps"]) = ("2", "1500")
        try SafeTensors.write(tensors, metadata: legacy, to: state)
        let old = Self.makeLoop(modelSeed: 4, steps: 4, checkpointEvery: 1, averageDecay: nil)
        try old.resume(from: path, legacyStepKey: "completed_iterations")
        #expect(old.completedSteps == 2 && Self.bits(old.model) == Self.bits(loop.model))

        // A check that refuses the state leaves the loop as it was.
        let refusing = Self.makeLoop(modelSeed: 5, steps: 4, checkpointEvery: 1, averageDecay: nil)
        let before = Self.bits(refusing.model)
        struct Refused: Error {}
        #expect(throws: Refused.self) { try refusing.resume(from: path) { _ in throw Refused() } }
        #expect(refusing.completedSteps == 0 && Self.bits(refusing.model) == before)

        // No step count is an error naming the file and the key.
        var uncounted = metadata
        uncounted["completed_steps"] = "two"
        try SafeTensors.write(tensors, metadata: uncounted, to: state)
        #expect { try refusing.resume(from: path) } throws: { error in
            "\(error)".contains("run.training.safetensors") && "\(error)".contains("completed_steps")
        }
        #expect { try refusing.resume(from: folder.appendingPathComponent("none.safetensors").path) } throws: { error in
            "\(error)".contains("none.training.safetensors")
        }
    }

    /// A diverged run stops at its checkpoint with the tensor named, and leaves the previous checkpoint as it was;
    /// a state whose step count is absurd is refused on resume.
    @Test func nonFiniteWeightsAreNeverCheckpointed() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("run.safetensors").path
        let loop = Self.makeLoop(checkpointEvery: 2)
        try loop.run(checkpointingTo: path, stopAfter: 2, step: Self.step(loop))
        let saved = try Self.bytes(path)
        #expect {
            try loop.run(checkpointingTo: path, step: { _, _ in
                loop.model.namedParameters()[0].tensor.scalars[0] = .nan
                return Float.nan
            })
        } throws: { "\($0)".contains("NaN or infinity") && "\($0)".contains(TrainingLoop.statePath(for: path)) }
        #expect(try Self.bytes(path) == saved)

        var (tensors, metadata) = try SafeTensors.read(path: TrainingLoop.statePath(for: path))
        metadata[TrainingLoop.completedStepsKey] = "99999999999"
        try SafeTensors.write(tensors, metadata: metadata, to: TrainingLoop.statePath(for: path))
        tensors = [:]
        #expect { try Self.makeLoop().resume(from: path) } throws: { "\($0)".contains("must be a step count 0...10000000") }
    }
}
