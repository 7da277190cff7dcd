import Datasets
import Foundation
import Imaging
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport
import Workflows

/// Masks for imported frames: re-rendered from the states for gym-pusht renders (and refused for anything else),
/// found by the segmenter otherwise, recorded in the dataset's metadata.
@Suite struct ImportedMasksTests {
    /// A replay buffer exported from a short dataset of `scene`, and the dataset.
    static func replayBuffer(scene: String) throws -> (zarr: String, dataset: DatasetStore) {
        var parameters = SimulateStage.Parameters()
        parameters.scene = TestSupport.packageRoot.appendingPathComponent(scene).path
        parameters.episodes = 1
        parameters.maxSteps = 3
        let path = TestSupport.temporaryFolder().appendingPathComponent("data.sqlite").path
        try SimulateStage.record(parameters, out: path, resume: false)
        let dataset = try DatasetStore.open(path: path)
        let zarr = TestSupport.temporaryFolder().appendingPathComponent("replay.zarr").path
        try ReplayBufferWriter.export(dataset, to: zarr)
        return (zarr, dataset)
    }

    static func importing(_ zarr: String, masks: ImportedMasks, segmenter: String? = nil) throws -> (DatasetStore, String) {
        let reader = try ReplayBufferReader(folder: zarr, imageSize: 96)
        let output = TestSupport.temporaryFolder().appendingPathComponent("imported.sqlite").path
        let segmenter = segmenter ?? TestSupport.packageRoot.appendingPathComponent(FrameMasking.shippedSegmenter).path
        let origins = try DatasetImporter.run(reader, to: output, masking: try masks.masking(for: reader, segmenter: segmenter)).masks
        return (try DatasetStore.open(path: output), origins)
    }

    @Test func simulatorFramesGetTheirExactMasksBack() throws {
        let (zarr, original) = try Self.replayBuffer(scene: "scenes/pusht.yaml")
        for mode in [ImportedMasks.render, .auto] {
            let (imported, origins) = try Self.importing(zarr, masks: mode)
            #expect(try origins == "rendered" && imported.metadata()["masks"] == "rendered")
            for (back, frame) in zip(try imported.frames(episode: 0), try original.frames(episode: 0)) {
                #expect(back.masks != nil && back.masks == frame.masks, "\(mode): the render's masks")
            }
        }
        // Renders need no segmenter: its checkpoint is loaded only when an episode needs it.
        #expect(try Self.importing(zarr, masks: .auto, segmenter: "/nonexistent/segmenter.safetensors").1 == "rendered")
        #expect { try Self.importing(zarr, masks: .segmenter, segmenter: "/nonexistent/segmenter.safetensors") } throws: {
            "\($0)".contains("/nonexistent/segmenter.safetensors")
        }
    }

    @Test func cameraFramesAreRefusedRenderedMasksAndGetSegmenterMasks() throws {
        let (zarr, original) = try Self.replayBuffer(scene: "scenes/pusht-real.yaml")
        #expect { try Self.importing(zarr, masks: .render) } throws: { error in
            let text = "\(error)"
            return text.contains(zarr) && text.contains("episode 0 step 0 is not a gym-pusht render of its state") && text.contains("--masks segmenter")
        }
        let (imported, origins) = try Self.importing(zarr, masks: .auto)
        #expect(try origins == "estimated by segmenter" && imported.metadata()["masks"] == "estimated by segmenter")
        for (back, frame) in zip(try imported.frames(episode: 0), try original.frames(episode: 0)) {
            let found = try #require(back.masks), truth = try #require(frame.masks)
            #expect(AutomaticMasks.intersectionOverUnion(found, truth, region: .block) > 0.6, "the segmenter finds the block")
        }
        let (_, none) = try Self.importing(zarr, masks: .none)
        #expect(none == "none")
        #expect { try Self.importing(zarr, masks: .labels) } throws: { "\($0)".contains("episode 0 has no label files") }
    }

    /// Masks found in another camera's colors (thresholds tuned on a dark table, on a light concrete table with a dark
    /// rubber tip: the table taken for the end effector) stop the import, naming the episode; the segmenter's pass.
    @Test func anEpisodeWhoseFoundMasksLookWrongStopsTheImport() throws {
        let (zarr, _) = try Self.replayBuffer(scene: "scenes/looks/dev/concrete-red-rubber.yaml")
        let out = TestSupport.temporaryFolder().appendingPathComponent("imported.sqlite").path
        let importing = try DatasetImport(source: zarr, format: .zarr)
        #expect { try importing.write(to: out, masks: .threshold) } throws: { error in
            let text = "\(error)"
            return text.contains(zarr) && text.contains("the color thresholds found look wrong on 3 of 3 frames of episode 0") && text.contains("episode 0 step 0: the")
                && text.contains("--masks none")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")
        let segmenter = TestSupport.packageRoot.appendingPathComponent(FrameMasking.shippedSegmenter).path
        let summary = try importing.write(to: out, masks: .segmenter, segmenter: segmenter)
        #expect(summary.masks == "estimated by segmenter" && summary.maskNote == nil, "\(summary.maskNote ?? "")")
    }

    @Test func renderedFramesDifferNowhereAndAnotherStateDiffers() {
        let state = PushTState(agentX: 100, agentY: 100, blockX: 256, blockY: 256, blockAngle: 0.5)
        let render = SimStyleRenderer(size: 96).render(state)
        #expect(RenderedMasks.differingFraction(render, render) == 0)
        let moved = SimStyleRenderer(size: 96).render(PushTState(agentX: 100, agentY: 100, blockX: 296, blockY: 256, blockAngle: 0.5))
        #expect(RenderedMasks.differingFraction(moved, render) > RenderedMasks.maximumDifferingFraction, "a block 40 world px (7.5 px) away")
    }
}
