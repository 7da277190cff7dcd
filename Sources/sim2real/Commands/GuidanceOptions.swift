import ArgumentParser
import Editing
import Validation

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

    @Option(help: "DDIM eta (1: stochastic, as specialization samples; 0: deterministic).")
    var eta: Double?

    var overrides: GuidanceOverrides {
        GuidanceOverrides(image: imageGuidance, style: styleGuidance, text: textGuidance, samplingSteps: samplingSteps,
                          strength: strength, eta: eta)
    }

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try overrides.validate() }
    }
}
