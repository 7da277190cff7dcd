import Validation

extension EditorConfiguration {
    /// Model sides (pixels): the shipped editors work at 48; the UNet's memory grows with the square.
    public static let imageSizeBounds = Bounds(8...512)
    /// Channels of one UNet level.
    public static let channelBounds = Bounds(1...1024)
    /// UNet levels (each halves the side).
    public static let levelBounds = Bounds(1...6)
    public static let blocksPerLevelBounds = Bounds(1...8)
    /// Width of style and instruction tokens.
    public static let contextDimensionBounds = Bounds(16...1024)
    public static let dropoutBounds = Bounds(0.0...1.0)

    /// Throws unless the sizes build a model (every GroupNorm divides its channels, the side halves evenly at
    /// every level) and the sampling settings fit the noise schedule, naming the field (snake_case).
    ///
    /// A training configuration file and the configuration stored in a checkpoint's metadata both pass here,
    /// so a bad value stops with its field named instead of a precondition deep in a layer.
    public func validate() throws(ValueError) {
        try Self.imageSizeBounds.check(imageSize, "image_size")
        try Self.levelBounds.checkCount(channels.count, "channels")
        try Self.channelBounds.check(channels, "channels")
        // Residual blocks normalize c and, on the way up, 2c channels in groups of min(8, n); attention splits
        // the deepest level into 4 heads.
        for (index, width) in channels.enumerated() where !([width, 2 * width].allSatisfy { $0 % min(8, $0) == 0 }) {
            throw ValueError(field: "channels", "item \(index) must be 1...4 or a multiple of 8, got \(width)")
        }
        guard channels.last! % 4 == 0 else {
            throw ValueError(field: "channels", "the last level must be a multiple of 4 (four attention heads), got \(channels.last!)")
        }
        let halving = 1 << (channels.count - 1)
        guard imageSize % halving == 0 else {
            throw ValueError(field: "image_size", "must be a multiple of \(halving) (halved \(channels.count - 1) times), got \(imageSize)")
        }
        try Self.blocksPerLevelBounds.check(blocksPerLevel, "blocks_per_level")
        try Self.contextDimensionBounds.check(contextDimensions, "context_dimensions")
        guard contextDimensions % 16 == 0 else {
            throw ValueError(field: "context_dimensions", "must be a multiple of 16 (the style encoder's 8 groups of half of it), got \(contextDimensions)")
        }
        try NoiseSchedule.trainingStepBounds.check(trainingSteps, "training_steps")
        try Self.dropoutBounds.check(dropout, "dropout")
        let guidance = GuidedSampler.Guidance(image: imageGuidance, style: styleGuidance, text: textGuidance, samplingSteps: samplingSteps,
                                              strength: strength)
        try guidance.validate(schedule: NoiseSchedule(trainingSteps: trainingSteps))
    }
}
