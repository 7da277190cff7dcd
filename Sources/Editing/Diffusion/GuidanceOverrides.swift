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

    public func apply(to guidance: inout GuidedSampler.Guidance) {
        if let image { guidance.image = image }
        if let style { guidance.style = style }
        if let text { guidance.text = text }
        if let samplingSteps { guidance.samplingSteps = samplingSteps }
        if let eta { guidance.eta = eta }
        if let strength { guidance.strength = strength }
    }

    /// The first value out of range, as (setting, message): strength in (0, 1], eta in [0, 1], 1...1000 steps
    /// (the noise schedule's length).
    public var problem: (setting: String, message: String)? {
        if let strength, !(strength > 0 && strength <= 1) { return ("strength", "must be in (0, 1], got \(strength)") }
        if let eta, !(0...1).contains(eta) { return ("eta", "must be in [0, 1], got \(eta)") }
        if let samplingSteps, !(1...1000).contains(samplingSteps) { return ("sampling_steps", "must be 1...1000, got \(samplingSteps)") }
        return nil
    }
}
