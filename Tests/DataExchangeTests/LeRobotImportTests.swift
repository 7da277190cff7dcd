import Datasets
import Foundation
import Imaging
import Parquet
import Testing
import TestSupport

/// Datasets written by lerobot's own writer (`scripts/lerobot/make_fixtures.py`: lerobot 0.3.3 for v2.1, 0.4.4 for
/// v3.0; video and PNG-in-Parquet cameras) import with their values; damaged ones give errors naming file and field.
@Suite struct LeRobotImportTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/lerobot", withExtension: nil)!
    static let fixtures = ["v21-video", "v21-image", "v30-video", "v30-image"]

    /// A copy of a fixture in a fresh temporary folder, to damage.
    static func copy(_ name: String) throws -> URL {
        let target = TestSupport.temporaryFolder().appendingPathComponent(name)
        try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: target)
        return target
    }

    /// The mean of each channel over a block of pixels.
    static func meanColor(_ image: Image, x: Range<Int>, y: Range<Int>) -> [Double] {
        (0..<3).map { channel in
            var sum = 0.0
            for row in y { for column in x { sum += Double(image[column, row, channel]) } }
            return sum / Double(x.count * y.count)
        }
    }

    @Test(arguments: fixtures)
    func lerobotsOwnDatasetsImportWithTheirValues(name: String) throws {
        let reader = try ExchangeFormat.lerobot.reader(Self.folder.appendingPathComponent(name).path, imageSize: 96)
        #expect(reader.format == "lerobot")
        #expect(reader.episodeCount == 2)
        #expect(!reader.blockPoseKnown, "lerobot's Push-T state is the agent position only")
        let lossless = name.hasSuffix("image")
        for (episodeIndex, length) in [5, 7].enumerated() {
            let episode = try reader.episode(episodeIndex)
            #expect(episode.images.count == length)
            for step in 0..<length {
                let state = episode.states[step], action = episode.actions[step]
                // The script's formulas (make_fixtures.py expected_state), exact in float32.
                #expect(state.agentX == 100 + 10 * Double(step) + Double(episodeIndex) && state.agentY == 200 + 5 * Double(step))
                #expect(action.x == state.agentX + 3 && action.y == state.agentY - 2)
                // expected_frame: a flat background encoding (episode, step) and a white square moving right.
                let image = episode.images[step]
                let background = Self.meanColor(image, x: 84..<96, y: 0..<12)
                let expected: [Double] = [30, 30 + 20 * Double(step), 200 - 80 * Double(episodeIndex)]
                let tolerance: Double = lossless ? 0 : 4
                for channel in 0..<3 {
                    let difference: Double = abs(background[channel] - expected[channel])
                    #expect(difference <= tolerance, "\(name) episode \(episodeIndex) frame \(step) channel \(channel): \(background[channel])")
                }
                let square = Self.meanColor(image, x: (12 + 8 * step)..<(28 + 8 * step), y: 40..<56)
                #expect(square.allSatisfy { $0 >= (lossless ? 255 : 240) }, "\(name) episode \(episodeIndex) frame \(step): square \(square)")
            }
        }
    }

    @Test func theCameraIsChosenByKeyAndAnUnknownKeyIsNamed() throws {
        let path = Self.folder.appendingPathComponent("v30-video").path
        #expect(try ExchangeFormat.lerobot.reader(path, imageSize: 96, imageKey: "observation.image").episodeCount == 2)
        let error = #expect(throws: DatasetError.self) { try ExchangeFormat.lerobot.reader(path, imageSize: 96, imageKey: "observation.images.top") }
        #expect(error?.description.contains("no image or video feature 'observation.images.top'") == true)
        #expect(error?.description.contains("observation.image") == true, "the message lists the cameras there are")
        #expect(throws: DatasetError.self) { try ExchangeFormat.zarr.reader(path, imageSize: 96, imageKey: "observation.image") }
        let size = #expect(throws: DatasetError.self) { try ExchangeFormat.lerobot.reader(path, imageSize: 64) }
        #expect(size?.description.contains("expected 64x64") == true)
    }

    @Test func missingMetadataAndUnknownVersionsAreNamed() throws {
        let empty = TestSupport.temporaryFolder().path
        let missing = #expect(throws: DatasetError.self) { try LeRobotDatasetReader(folder: empty, imageSize: 96) }
        #expect(missing?.file.hasSuffix("meta/info.json") == true)

        let old = try Self.copy("v30-video")
        let info = old.appendingPathComponent("meta/info.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: info)) as! [String: Any]
        object["codebase_version"] = "v1.6"
        try JSONSerialization.data(withJSONObject: object).write(to: info)
        let version = #expect(throws: DatasetError.self) { try LeRobotDatasetReader(folder: old.path, imageSize: 96) }
        #expect(version?.description.contains("field 'codebase_version': v1.6 is not supported") == true)

        object["codebase_version"] = "v3.0"
        object.removeValue(forKey: "fps")
        try JSONSerialization.data(withJSONObject: object).write(to: info)
        let fps = #expect(throws: DatasetError.self) { try LeRobotDatasetReader(folder: old.path, imageSize: 96) }
        #expect(fps?.description.contains("field 'fps': missing") == true)
    }

    @Test func aVideoShorterThanItsEpisodeIsAnError() throws {
        let copy = try Self.copy("v21-video")
        let videos = copy.appendingPathComponent("videos/chunk-000/observation.image")
        let second = videos.appendingPathComponent("episode_000001.mp4")
        try FileManager.default.removeItem(at: second)
        try FileManager.default.copyItem(at: videos.appendingPathComponent("episode_000000.mp4"), to: second)
        let reader = try LeRobotDatasetReader(folder: copy.path, imageSize: 96)
        _ = try reader.episode(0)
        let error = #expect(throws: DatasetError.self) { try reader.episode(1) }
        #expect(error?.file == second.path)
        #expect(error?.description.contains("episode 1, frame 5: no video frame at 0.5000 s") == true, "\(String(describing: error))")
        #expect(error?.description.contains("shorter than the episode") == true)
    }

    @Test func aMissingFileIsNamedWhenTheDatasetOpens() throws {
        let copy = try Self.copy("v30-video")
        let video = copy.appendingPathComponent("videos/observation.image/chunk-000/file-000.mp4")
        try FileManager.default.removeItem(at: video)
        let error = #expect(throws: DatasetError.self) { try LeRobotDatasetReader(folder: copy.path, imageSize: 96) }
        #expect(error?.file == video.path && error?.description.contains("does not exist") == true)
    }

    @Test func aColumnOfTheWrongTypeIsNamed() throws {
        let copy = try Self.copy("v21-image")
        let data = copy.appendingPathComponent("data/chunk-000/episode_000000.parquet")
        try FileManager.default.removeItem(at: data)
        let writer = try ParquetFileWriter(path: data.path, fields: [
            ParquetFieldSpec("observation.state", .string), ParquetFieldSpec("action", .list(.float)),
            ParquetFieldSpec("episode_index", .int64), ParquetFieldSpec("frame_index", .int64),
        ])
        try writer.writeRowGroup([.string(Array(repeating: "100, 200", count: 5)), .list(Array(repeating: [1, 2], count: 5)),
                                  .int64([0, 0, 0, 0, 0]), .int64([0, 1, 2, 3, 4])])
        try writer.close()
        let reader = try LeRobotDatasetReader(folder: copy.path, imageSize: 96)
        let error = #expect(throws: DatasetError.self) { try reader.episode(0) }
        #expect(error?.file == data.path)
        #expect(error?.description.contains("column 'observation.state': expected numbers") == true, "\(String(describing: error))")
    }

    @Test func rowsThatDisagreeWithTheEpisodeMetadataAreErrors() throws {
        let copy = try Self.copy("v21-video")
        let episodes = copy.appendingPathComponent("meta/episodes.jsonl")
        let text = try String(contentsOf: episodes, encoding: .utf8).replacingOccurrences(of: "\"length\": 7", with: "\"length\": 8")
        try Data(text.utf8).write(to: episodes)
        let total = #expect(throws: DatasetError.self) { try LeRobotDatasetReader(folder: copy.path, imageSize: 96) }
        #expect(total?.description.contains("field 'total_frames': 12, but the episodes' lengths add up to 13") == true)
    }

    @Test func aFailedImportLeavesNoOutput() throws {
        let copy = try Self.copy("v21-video")
        let videos = copy.appendingPathComponent("videos/chunk-000/observation.image")
        try Data("not a video".utf8).write(to: videos.appendingPathComponent("episode_000001.mp4"))
        let reader = try LeRobotDatasetReader(folder: copy.path, imageSize: 96)
        let output = TestSupport.temporaryFolder().appendingPathComponent("imported.sqlite").path
        #expect(throws: DatasetError.self) { try DatasetImporter.run(reader, to: output) }
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
