import Editing
import Foundation
import Imaging
import Testing
import TestSupport
import Workflows

/// Checks that need a checkpoint or a references folder to know what is valid.
@Suite struct WorkflowInputChecksTests {
    static func references() throws -> String {
        let folder = TestSupport.temporaryFolder().appendingPathComponent("references").path
        try ReferenceSet.render(scene: TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path, count: 2, seed: 3)
            .write(to: folder)
        return folder
    }

    /// More sampling steps than the editor's strength spans of its schedule would trap in `NoiseSchedule`: the run
    /// stops before it starts, naming the editor and the setting (convert, holdout and bench apply overrides the
    /// same way).
    @Test func samplingStepsBeyondTheEditorsScheduleAreNamed() throws {
        let editor = try WorkflowsFixtures.tinyEditor()
        #expect {
            try EditorHoldout.measure(editor: editor, triplets: 1, seed: 1, guidance: GuidanceOverrides(samplingSteps: 3, strength: 0.002))
        } throws: { error in
            "\(error)".contains(editor) && "\(error)".contains("sampling_steps: must be at most 2, got 3")
        }
    }

    /// A misspelled setting in a segmenter's settings file would otherwise train a network without it, silently.
    @Test func unknownAndOutOfRangeSegmenterSettingsAreNamedWithTheirFile() throws {
        let file = TestSupport.temporaryFolder().appendingPathComponent("segmenter.yaml").path
        try "steps: 5\nwarmup_steps: 0\nneutral_table_fractoin: 0.5\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect { try SegmenterTrainingRun.configuration(from: file) } throws: { error in
            "\(error)".contains(file) && "\(error)".contains("unknown field 'neutral_table_fractoin'") && "\(error)".contains("neutral_table_fraction")
        }
        try "steps: 5\nwarmup_steps: 0\nneutral_table_fraction: 1.5\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect { try SegmenterTrainingRun.configuration(from: file) } throws: { "\($0)".contains("neutral_table_fraction: must be in [0, 1]") }
        try "steps: 5\nwarmup_steps: 0\nneutral_table_fraction: 0.5\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try SegmenterTrainingRun.configuration(from: file).neutralTableFraction == 0.5)
        try "steps: 5\nwarmup_steps: 0\ndice_weights: [0, 0, 1]\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect { try SegmenterTrainingRun.configuration(from: file) } throws: { "\($0)".contains("dice_weights: expected 4 finite weights >= 0") }
        for shipped in ["segmenter", "segmenter-neutral-enlarged"] {
            _ = try SegmenterTrainingRun.configuration(from: TestSupport.packageRoot.appendingPathComponent("models/\(shipped).yaml").path)
        }
    }

    /// A settings file that is missing or a folder is named with what is wrong, not as "cannot read".
    @Test func aMissingOrFolderSegmenterSettingsFileIsNamedWithWhatIsWrong() throws {
        let folder = TestSupport.temporaryFolder().path
        #expect { try SegmenterTrainingRun.configuration(from: folder + "/none.yaml") } throws: { "\($0)".contains(folder + "/none.yaml: no such file") }
        #expect { try SegmenterTrainingRun.configuration(from: folder) } throws: {
            "\($0)".contains(folder) && "\($0)".contains("is a folder, expected a segmenter settings file (YAML)")
        }
    }

    @Test func aManifestWhoseMasksDoNotFitTheirImageIsNamed() throws {
        let folder = try Self.references()
        try PNGCodec.write(Image(width: 8, height: 8, fill: [0]), path: folder + "/reference-1-labels.png")
        #expect { try ReferenceSet.load(folder) } throws: { "\($0)".contains("reference-1-labels.png: masks are 8x8") }
        #expect { try ReferenceSet.load(folder + "/none") } throws: { "\($0)".contains("manifest.json: no such file") }
    }
}
