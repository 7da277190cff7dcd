import Datasets
import Editing
import Foundation
import Imaging

/// How far the drawn arm points from the arm the look's camera shows in the same state: the angle between the
/// overlay's direction at each sim frame's agent and the paired truth frame's labeled arm. Only a look bank can
/// measure it (its truth is the sim episode rendered through the look); a wrong arm costs the policy more than any
/// color, so the figure tells at once when the five references led the arm astray.
enum ArmAngle {
    /// Median angle in degrees over the pairs where the sim frame shows an agent and the truth frame an arm reaching a
    /// border; nil when no pair does.
    static func medianError(_ overlay: ArmOverlay, pairs: [(sim: RegionMasks, truth: RegionMasks)]) -> Double? {
        var angles: [Double] = []
        for (sim, truth) in pairs {
            guard let start = sim.centroid(.agent), let drawn = overlay.direction(from: start),
                  let shown = ArmOverlay.direction(in: truth) else { continue }
            let cosine = max(-1, min(1, drawn.x * shown.x + drawn.y * shown.y))
            angles.append(acos(cosine) * 180 / .pi)
        }
        guard !angles.isEmpty else { return nil }
        return Quartiles(angles).median
    }

    /// The median error over every `stride`-th step of the sim dataset `sim` and its rendering `truth`, with the arm
    /// the references at `references` give; nil when they show no arm.
    static func measure(sim: String, truth: String, references: String, stride: Int = 5) throws -> Double? {
        let (simStore, truthStore) = (try DatasetStore.open(path: sim), try DatasetStore.open(path: truth))
        var pairs: [(sim: RegionMasks, truth: RegionMasks)] = []
        for episode in try simStore.episodes() {
            for step in Swift.stride(from: 0, to: episode.length, by: stride) {
                guard let simMasks = try simStore.frame(episode: episode.index, step: step).masks,
                      let truthMasks = try truthStore.frame(episode: episode.index, step: step).masks else { continue }
                pairs.append((simMasks, truthMasks))
            }
        }
        guard let size = pairs.first?.sim.width,
              let overlay = try ArmOverlay(references: try ReferenceSet.load(references).styles, size: size) else { return nil }
        return medianError(overlay, pairs: pairs)
    }
}
