import Imaging
import Rendering

/// Masks of imported Push-T frames re-rendered from their states with the gym-pusht-exact renderer, once each frame
/// is checked to be such a render: a frame of another look, resolution or state has no business taking them.
public enum RenderedMasks {
    /// A pixel differs when one channel is this many levels away from the render.
    public static let differingLevels = 48
    /// A frame is a render of its state when at most this fraction of its pixels differs (an exact render differs
    /// nowhere; re-encoding and another rasterizer's edges stay below it; a frame of another look differs almost
    /// everywhere, and a block a few frame pixels away from the state's exceeds it; a block one pixel away does not).
    public static let maximumDifferingFraction = 0.02

    /// The fraction of `image`'s pixels that differ from `render` (same size).
    public static func differingFraction(_ image: Image, _ render: Image) -> Double {
        precondition(image.width == render.width && image.height == render.height && image.channels == 3 && render.channels == 3)
        var differing = 0
        for pixel in 0..<(image.width * image.height) {
            if (0..<3).contains(where: { abs(Int(image.pixels[pixel * 3 + $0]) - Int(render.pixels[pixel * 3 + $0])) > differingLevels }) {
                differing += 1
            }
        }
        return Double(differing) / Double(image.width * image.height)
    }

    /// The masks of every frame of `episode` (imported as episode `index` from `location`), or an error naming the
    /// first frame that is not a gym-pusht render of its state.
    public static func masks(of episode: ImportedEpisode, index: Int, location: String, blockPoseKnown: Bool) throws -> [RegionMasks] {
        guard blockPoseKnown else {
            throw DatasetError(file: location, "has no block pose, so masks cannot be rendered from the states (use segmenter masks)")
        }
        return try episode.images.indices.map { step in
            let image = episode.images[step]
            guard image.width == image.height else {
                throw DatasetError(file: location, "episode \(index) step \(step): a \(image.width)x\(image.height) frame is not a square gym-pusht render")
            }
            let (render, masks) = SimStyleRenderer(size: image.width).renderWithMasks(episode.states[step])
            let fraction = differingFraction(image, render)
            guard fraction <= maximumDifferingFraction else {
                throw DatasetError(file: location, String(format: "episode %d step %d is not a gym-pusht render of its state: %.1f%% of its pixels differ from "
                                                          + "the render by more than %d levels (at most %.0f%% may); camera frames need masks "
                                                          + "found by the segmenter (--masks segmenter) or label files",
                                                          index, step, 100 * fraction, differingLevels, 100 * maximumDifferingFraction))
            }
            return masks
        }
    }
}
