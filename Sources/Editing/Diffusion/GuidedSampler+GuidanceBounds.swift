import Validation

extension GuidedSampler.Guidance {
    /// Guidance scales s_I, s_S, s_T: zero turns a branch off; classifier-free guidance is used up to about 20,
    /// and far larger scales only blow the prediction up.
    public static let scaleBounds = Bounds<Float>(0...100)
    /// Fraction of the noise schedule sampled (img2img strength).
    public static let strengthBounds = Bounds<Double>(above: 0, through: 1)
    /// DDIM eta, from deterministic (0) to fully stochastic (1).
    public static let etaBounds = Bounds<Double>(0...1)
    /// DDIM steps before the schedule is known (no schedule here is longer than this).
    public static let samplingStepBounds = Bounds(1...NoiseSchedule.trainingStepBounds.upper)

    /// Throws unless every setting is within its bounds and the step count fits the part of `schedule` that the
    /// strength samples, naming the setting (snake_case).
    public func validate(schedule: NoiseSchedule) throws(ValueError) {
        try Self.scaleBounds.check(image, "image_guidance")
        try Self.scaleBounds.check(style, "style_guidance")
        try Self.scaleBounds.check(text, "text_guidance")
        try Self.strengthBounds.check(strength, "strength")
        try Self.etaBounds.check(eta, "eta")
        do {
            try schedule.samplingStepBounds(strength: strength).check(samplingSteps, "sampling_steps")
        } catch {
            throw ValueError(field: error.field, error.message + " (strength \(strength) samples that many of the editor's "
                             + "\(schedule.trainingSteps) noise levels)")
        }
    }
}
