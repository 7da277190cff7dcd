import ArgumentParser
import Editing

/// Overrides of the editor's four-branch guidance and DDIM step count (defaults: the checkpoint's own).
struct GuidanceOptions: ParsableArguments {
    @Option(help: "Image guidance s_I.")
    var imageGuidance: Float?

    @Option(help: "Style guidance s_S.")
    var styleGuidance: Float?

    @Option(help: "Text guidance s_T.")
    var textGuidance: Float?

    @Option(help: "DDIM sampling steps.")
    var samplingSteps: Int?

    @Option(help: "Fraction of the noise schedule sampled, from the unedited frame (img2img strength, (0, 1]).")
    var strength: Double?

    @Option(help: "DDIM eta (1: stochastic, as specialisation samples; 0: deterministic).")
    var eta: Double?

    func validate() throws {
        if let strength, !(strength > 0 && strength <= 1) { throw ValidationError("--strength must be in (0, 1], got \(strength).") }
        if let eta, !(0...1).contains(eta) { throw ValidationError("--eta must be in [0, 1], got \(eta).") }
        if let samplingSteps, samplingSteps < 1 { throw ValidationError("--sampling-steps must be at least 1, got \(samplingSteps).") }
    }

    func apply(to guidance: inout GuidedSampler.Guidance) {
        if let imageGuidance { guidance.image = imageGuidance }
        if let styleGuidance { guidance.style = styleGuidance }
        if let textGuidance { guidance.text = textGuidance }
        if let samplingSteps { guidance.samplingSteps = samplingSteps }
        if let eta { guidance.eta = eta }
        if let strength { guidance.strength = strength }
    }
}
