import Validation

/// Changes to an editor checkpoint's own guidance and sampling settings; nil keeps the checkpoint's value.
public struct GuidanceOverrides: Sendable, Codable, Hashable {
    public var image: Float?
    public var style: Float?
    public var text: Float?
    public var samplingSteps: Int?
    public var strength: Double?
    public var eta: Double?

    public init(image: Float? = nil, style: Float? = nil, text: Float? = nil, samplingSteps: Int? = nil, strength: Double? = nil,
                eta: Double? = nil) {
        self.image = image
        self.style = style
        self.text = text
        self.samplingSteps = samplingSteps
        self.strength = strength
        self.eta = eta
    }

    /// Applies the overrides to a sampler's guidance, then checks the result against the sampler's schedule (the
    /// step count a strength allows depends on the checkpoint), leaving the sampler unchanged when it fails.
    public func apply(to sampler: inout GuidedSampler) throws(ValueError) {
        var guidance = sampler.guidance
        if let image { guidance.image = image }
        if let style { guidance.style = style }
        if let text { guidance.text = text }
        if let samplingSteps { guidance.samplingSteps = samplingSteps }
        if let eta { guidance.eta = eta }
        if let strength { guidance.strength = strength }
        try guidance.validate(schedule: sampler.schedule)
        sampler.guidance = guidance
    }

    /// Throws at the first given value outside its bounds (the checks that need no checkpoint), naming the
    /// setting (snake_case).
    public func validate() throws(ValueError) {
        typealias Guidance = GuidedSampler.Guidance
        try Guidance.scaleBounds.check(image, "image_guidance")
        try Guidance.scaleBounds.check(style, "style_guidance")
        try Guidance.scaleBounds.check(text, "text_guidance")
        try Guidance.strengthBounds.check(strength, "strength")
        try Guidance.etaBounds.check(eta, "eta")
        try Guidance.samplingStepBounds.check(samplingSteps, "sampling_steps")
    }
}
