import Editing
import Foundation
import Testing
import TestSupport
import Workflows

/// The benchmarks' results on tiny runs: which figures are filled in and the JSON keys scripts read (the speed
/// itself is measured by `sim2real bench`, not here). The network benchmark is left to the command-line tests:
/// its reference UNet takes seconds per step.
@Suite struct BenchmarkTests {
    @Test func simulatorBenchmarkWithoutAnchor() throws {
        let result = SimulatorBenchmark.run(steps: 100, anchorSteps: 100, measureAnchor: false)
        #expect(result.stepsPerSecond.state > 0 && result.stepsPerSecond.pixels > 0)
        #expect(result.gymPushtStepsPerSecond == nil && result.ratio == nil)
        #expect(result.anchorNote.contains("not measured"))
        #expect(try WorkflowsFixtures.keys(result) == ["steps_per_second", "anchor_note"])
    }

    @Test func maskBenchmarkOnTheShippedSegmenter() throws {
        let result = try MaskBenchmark.run(segmenter: FrameMasking.shippedSegmenter, photos: 2, photoSize: 96, threads: 1, measureAnchor: false)
        #expect(result.parameters > 0 && result.networkSize == 96 && result.threads == 1)
        #expect(result.segmenterSecondsPerPhoto > 0 && result.segmenterSecondsPerFrame > 0 && result.networkSecondsPerFrame > 0
                && result.thresholdSecondsPerPhoto > 0)
        #expect(result.torchSecondsPerFrame == nil && result.anchorNote.contains("not measured"))
        #expect(try WorkflowsFixtures.keys(result).isSuperset(of: ["segmenter_seconds_per_photo", "network_seconds_per_frame", "anchor_note"]))
    }

    @Test func policyBenchmarkOnATinyPolicy() throws {
        let policy = TestSupport.temporaryFolder().appendingPathComponent("policy.yaml")
        try Data("""
            network: {image_size: 16, channels: [4, 8], strides: [2, 2], groups: 2, keypoints: 4, hidden: [8]}
            training: {batch_size: 4}
            """.utf8).write(to: policy)
        let result = try PolicyBenchmark.run(policy: policy.path, batchSize: 2, steps: 1)
        #expect(result.batchSize == 2 && result.timedSteps == 1 && result.parameters > 0)
        #expect(result.stepSeconds > 0 && result.evaluationFramesPerSecond > 0 && !result.networkSummary.isEmpty)
        #expect(try WorkflowsFixtures.keys(result)
                == ["policy", "batch_size", "threads", "parameters", "step_seconds", "evaluation_frames_per_second", "anchor_note"])
        #expect(result.torchStepSeconds == nil && result.anchorNote == "not measured")
    }

    @Test func editorBenchmarkOnATinyEditor() throws {
        let editor = try WorkflowsFixtures.tinyEditor()
        let result = try EditorBenchmark.run(editor: editor, config: "unused.yaml", frames: 3, batchSize: 2,
                                             guidance: GuidanceOverrides(samplingSteps: 1))
        // Whole batches: 3 frames round up to 2 batches of 2.
        #expect(result.frames == 4 && result.frameSize == 16 && result.modelSize == 16)
        #expect(result.samplingSteps == 1 && result.stepsRun == 1 && result.guidance.samplingSteps == 1)
        #expect(result.framesPerSecond > 0 && result.sgemmGflops > 0)
        #expect(TestSupport.isClose(result.framesPerSecondPer100Gflops, result.framesPerSecond / result.sgemmGflops * 100))
        #expect(try WorkflowsFixtures.keys(result)
                == ["frames_per_second", "frames", "batch_size", "threads", "frame_size", "model_size", "sampling_steps", "parameters",
                    "sgemm_gflops", "target_frames_per_second", "frames_per_second_per_100_gflops"])
    }
}
