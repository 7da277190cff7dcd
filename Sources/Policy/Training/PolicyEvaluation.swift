import Tensors

/// Mean squared error of a policy's normalized actions on a dataset: per frame the mean over x and y of the action
/// it predicts for that step (the first of a chunk), then averaged over all frames (overall) and over each
/// episode's frames.
public struct PolicyEvaluation: Sendable, Codable, Equatable {
    public struct Episode: Sendable, Codable, Equatable {
        public var episode: Int
        public var frames: Int
        public var meanSquaredError: Double

        enum CodingKeys: String, CodingKey { case episode, frames, meanSquaredError = "mse" }
    }

    public var frames: Int
    public var meanSquaredError: Double
    public var episodes: [Episode]

    enum CodingKeys: String, CodingKey { case frames, meanSquaredError = "mse", episodes }

    /// Runs `model` over every frame of `data` (no augmentation) in batches of `batchSize`.
    public static func evaluate(_ model: PolicyNetwork, on data: PolicyDataset, batchSize: Int = 128) throws -> PolicyEvaluation {
        guard data.imageSize == model.configuration.imageSize else {
            throw PolicyError("dataset \(data.source) has \(data.imageSize) px frames, the policy expects \(model.configuration.imageSize) px")
        }
        guard data.count > 0 else { throw PolicyError("dataset \(data.source): no frames to evaluate on") }
        var errors = [Double](repeating: 0, count: data.count)
        Tensor.withoutGradients {
            for start in stride(from: 0, to: data.count, by: batchSize) {
                let indices = Array(start..<min(start + batchSize, data.count))
                let batch = data.batch(indices, history: model.configuration.history)
                let prediction = model(batch.images, agentPositions: batch.agentPositions).scalars
                let stride = 2 * model.configuration.actionChunk
                for (item, frame) in indices.enumerated() {
                    let dx = Double(prediction[stride * item]) - Double(batch.actions.scalars[2 * item])
                    let dy = Double(prediction[stride * item + 1]) - Double(batch.actions.scalars[2 * item + 1])
                    errors[frame] = (dx * dx + dy * dy) / 2
                }
            }
        }
        var episodes: [Episode] = []
        for (frame, episode) in data.episodes.enumerated() {
            if episodes.last?.episode != episode { episodes.append(Episode(episode: episode, frames: 0, meanSquaredError: 0)) }
            episodes[episodes.count - 1].frames += 1
            episodes[episodes.count - 1].meanSquaredError += errors[frame]
        }
        for index in episodes.indices { episodes[index].meanSquaredError /= Double(episodes[index].frames) }
        return PolicyEvaluation(frames: data.count, meanSquaredError: errors.reduce(0, +) / Double(data.count), episodes: episodes)
    }
}
