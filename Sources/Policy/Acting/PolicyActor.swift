import Foundation
import Imaging
import Simulation
import Tensors

/// A policy acting step by step in one episode: it keeps the frames a network with `history` needs and, for a
/// network predicting chunks of actions, every chunk still covering a step, which it blends as ACT's temporal
/// ensembling does (the i-th oldest prediction for the step weighs exp(-ensemble_decay * i)). Blending keeps the
/// commitment of a chunk while every step still looks at the newest frame.
public final class PolicyActor {
    public let model: PolicyNetwork
    /// Newest first, at most `history` frames as network input values (channels of one frame, [-1, 1]).
    private var frames: [[Float]] = []
    /// Chunks still covering a step: the step each was predicted at and its actions (x, y each), oldest first.
    private var chunks: [(step: Int, actions: [Float])] = []
    private var step = 0

    public init(model: PolicyNetwork) {
        self.model = model
    }

    /// The action (world px) for the frame the camera shows now and the agent's state; call once per step, in order.
    public func action(frame: Image, state: PushTState) -> (x: Double, y: Double) {
        let configuration = model.configuration
        let size = configuration.imageSize, plane = size * size
        precondition(frame.width == size && frame.height == size && frame.channels == 3,
                     "the policy takes \(size) px RGB frames, got \(frame.width)x\(frame.height)x\(frame.channels)")
        var values = [Float](repeating: 0, count: 3 * plane)
        for pixel in 0..<plane {
            for channel in 0..<3 { values[channel * plane + pixel] = Float(frame.pixels[pixel * 3 + channel]) / 127.5 - 1 }
        }
        frames.insert(values, at: 0)
        if frames.count > configuration.history { frames.removeLast() }
        // An episode's first frame stands in for the frames before it, as in training.
        let input = (0..<configuration.history).flatMap { frames[min($0, frames.count - 1)] }
        let position = Tensor(shape: [1, 2], scalars: [PolicyDataset.normalize(state.agentX), PolicyDataset.normalize(state.agentY)])
        let output = Tensor.withoutGradients {
            model(Tensor(shape: [1, configuration.inputChannels, size, size], scalars: input), agentPositions: position)
        }.scalars
        chunks.append((step, output))
        chunks.removeAll { step - $0.step >= configuration.actionChunk }
        var blended = (x: 0.0, y: 0.0), total = 0.0
        for (age, chunk) in chunks.enumerated() {
            let weight = exp(-configuration.ensembleDecay * Double(age))
            let offset = 2 * (step - chunk.step)
            blended.x += weight * Double(chunk.actions[offset])
            blended.y += weight * Double(chunk.actions[offset + 1])
            total += weight
        }
        step += 1
        return ((blended.x / total + 1) / 2 * 512, (blended.y / total + 1) / 2 * 512)
    }
}
