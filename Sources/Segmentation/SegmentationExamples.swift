import Dispatch
import Imaging
import Rendering
import Seeding
import Simulation
import Tensors

/// The segmenter's training frames: Push-T states from gym-pusht's reset distribution through the randomized
/// camera, each example from its own seed (so the set is the same whatever the thread count), kept as bytes.
public struct SegmentationExamples: Sendable {
    public let size: Int
    public let count: Int
    /// RGB bytes, example after example.
    let pixels: [UInt8]
    /// One class index per pixel, example after example.
    let classes: [UInt8]

    /// Renders `count` examples from `seed` through `renderer` (its size and material fractions), on every core.
    public init(count: Int, seed: UInt64, renderer: RandomizedCameraRenderer, progress: (Int) -> Void = { _ in }) {
        let size = renderer.size
        self.size = size
        self.count = count
        let area = size * size
        var pixels = [UInt8](repeating: 0, count: count * area * 3), classes = [UInt8](repeating: 0, count: count * area)
        let chunk = 64
        for start in stride(from: 0, to: count, by: chunk) {
            let range = start..<min(count, start + chunk)
            // Each worker writes its own slot of the buffer.
            nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<RandomizedCameraRenderer.Sample?>.allocate(capacity: range.count)
            slots.initialize(repeating: nil)
            defer { slots.deallocate() }
            DispatchQueue.concurrentPerform(iterations: range.count) { offset in
                let index = range.lowerBound + offset
                var generator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
                let state = PushTEnvironment.sampleInitialState(using: &generator)
                slots[offset] = renderer.render(state, seed: generator.next())
            }
            for (offset, sample) in slots.enumerated() {
                let index = range.lowerBound + offset
                pixels.replaceSubrange((index * area * 3)..<((index + 1) * area * 3), with: sample!.image.pixels)
                classes.replaceSubrange((index * area)..<((index + 1) * area), with: Self.classIndices(sample!.masks))
            }
            progress(range.upperBound)
        }
        self.pixels = pixels
        self.classes = classes
    }

    /// Frames [N, 3, size, size] in [-1, 1] and their class indices; `flips[i]` mirrors example i left to right.
    func batch(_ indices: [Int], flips: [Bool]) -> (images: Tensor, classes: [Int]) {
        let area = size * size
        var images = [Float](repeating: 0, count: indices.count * 3 * area), labels = [Int](repeating: 0, count: indices.count * area)
        for (slot, index) in indices.enumerated() {
            for y in 0..<size {
                for x in 0..<size {
                    let source = y * size + (flips[slot] ? size - 1 - x : x), target = y * size + x
                    for channel in 0..<3 {
                        images[(slot * 3 + channel) * area + target] = Float(pixels[(index * area + source) * 3 + channel]) / 127.5 - 1
                    }
                    labels[slot * area + target] = Int(classes[index * area + source])
                }
            }
        }
        return (Tensor(shape: [indices.count, 3, size, size], scalars: images), labels)
    }
}
