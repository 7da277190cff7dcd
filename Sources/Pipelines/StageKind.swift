/// What a stage produces; an input accepts only stages of the right output type.
public enum OutputType: String, Sendable, Codable {
    case dataset, references, editor, gap, experiment, report
}

/// A parameter's type in a pipeline file.
public enum ParameterType: Sendable, Equatable {
    case integer, number, text, flag, texts
    /// A path to a file whose content is part of the stage's cache key.
    case file
    /// A path to a folder whose files' content is part of the stage's cache key.
    case folder

    var expectation: String {
        switch self {
        case .integer: "an integer"
        case .number: "a number"
        case .text, .file, .folder: "a string"
        case .flag: "true or false"
        case .texts: "a list of strings"
        }
    }
}

/// A stage parameter: its YAML key, type and default (nil: optional, the command's own default applies).
public struct ParameterSpec: Sendable {
    public var name: String
    public var type: ParameterType
    public var required: Bool
    public var defaultValue: ParameterValue?
    /// The command-line flag with the same meaning (`max_steps` -> `--max-steps`); repeated for each list element.
    public var flag: String
    /// For a YAML file parameter: fields of that file that name further files whose content matters too
    /// (field -> default path when the field is absent).
    public var referencedFiles: [String: String]

    public init(_ name: String, _ type: ParameterType, required: Bool = false, default defaultValue: ParameterValue? = nil,
                flag: String? = nil, referencedFiles: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.flag = flag ?? "--" + name.replacingOccurrences(of: "_", with: "-")
        self.referencedFiles = referencedFiles
    }
}

/// A stage input: the YAML key naming other stages, what they must produce, and whether a list is taken.
public struct InputSpec: Sendable {
    public var name: String
    public var accepts: OutputType
    public var list: Bool
    public var required: Bool
    /// The command-line flag that takes the input's output path; repeated for lists.
    public var flag: String

    public init(_ name: String, _ accepts: OutputType, list: Bool = false, required: Bool = true, flag: String? = nil) {
        self.name = name
        self.accepts = accepts
        self.list = list
        self.required = required
        self.flag = flag ?? "--" + name.replacingOccurrences(of: "_", with: "-")
    }
}

/// A kind of stage: its parameters, inputs and output, and how it behaves under caching.
public struct StageKind: Sendable {
    public var name: String
    public var summary: String
    public var parameters: [ParameterSpec]
    public var inputs: [InputSpec]
    public var output: OutputType
    /// The command continues a partial output, so a killed stage keeps its working folder.
    public var resumable: Bool
    /// The flag that asks the command to continue (added when the output exists); nil when rerunning on the same
    /// output resumes by itself.
    public var resumeFlag: String?
    /// `--out` names the stage's work folder (the command writes several files there) rather than the output file.
    public var outputIsFolder: Bool
    /// Re-run every time (cheap summaries of the whole run, such as the report).
    public var alwaysRuns: Bool
    /// The subcommand that runs the stage from its parameters and inputs as flags, plus `--out` and `--resume`;
    /// nil for stages the runner carries out itself.
    public var command: [String]?

    init(_ name: String, _ summary: String, command: [String]? = nil, parameters: [ParameterSpec] = [], inputs: [InputSpec] = [], output: OutputType,
         resumable: Bool = false, resumeFlag: String? = "--resume", outputIsFolder: Bool = false, alwaysRuns: Bool = false) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.inputs = inputs
        self.output = output
        self.resumable = resumable
        self.resumeFlag = resumeFlag
        self.outputIsFolder = outputIsFolder
        self.alwaysRuns = alwaysRuns
        self.command = command
    }

    public static func named(_ name: String) -> StageKind? {
        all.first { $0.name == name }
    }

    /// Every stage kind a pipeline file may use.
    public static let all: [StageKind] = [
        StageKind("simulate", "scripted-expert episodes (sim2real simulate)", command: ["simulate"], parameters: [
            ParameterSpec("scene", .file, default: .text("scenes/pusht.yaml")), ParameterSpec("episodes", .integer, required: true),
            ParameterSpec("seed", .integer, default: .integer(0)), ParameterSpec("max_steps", .integer),
        ], output: .dataset, resumable: true),
        StageKind("render", "the same episodes in another scene's style (sim2real render)", command: ["render"], parameters: [
            ParameterSpec("scene", .file, default: .text("scenes/pusht-real.yaml")),
        ], inputs: [InputSpec("in", .dataset, flag: "--from")], output: .dataset, resumable: true),
        StageKind("references", "the five reference frames with masks (sim2real references)", command: ["references"], parameters: [
            ParameterSpec("scene", .file), ParameterSpec("from_images", .folder), ParameterSpec("count", .integer),
            ParameterSpec("seed", .integer), ParameterSpec("size", .integer),
        ], output: .references),
        StageKind("pretrain-editor", "base editor training (sim2real editor pretrain)", command: ["editor", "pretrain"], parameters: [
            ParameterSpec("config", .file, required: true), ParameterSpec("stop_after", .integer),
        ], output: .editor, resumable: true),
        StageKind("checkpoint", "a given editor checkpoint, such as the shipped base editor", parameters: [
            ParameterSpec("path", .file, required: true),
        ], output: .editor),
        StageKind("specialize", "D3PO specialisation to the references (sim2real editor specialize)", command: ["editor", "specialize"], parameters: [
            ParameterSpec("instruction", .text, required: true), ParameterSpec("iterations", .integer), ParameterSpec("batch", .integer),
            ParameterSpec("learning_rate", .number), ParameterSpec("beta", .number), ParameterSpec("clamp", .number),
            ParameterSpec("alpha", .number), ParameterSpec("lambda", .number), ParameterSpec("seed", .integer),
            ParameterSpec("semantic_pooling", .text), ParameterSpec("texture_weight", .number),
        ], inputs: [InputSpec("base", .editor), InputSpec("references", .references)], output: .editor, resumable: true),
        StageKind("convert", "every frame edited by chained editors (sim2real convert)", command: ["convert"], parameters: [
            ParameterSpec("instructions", .texts, flag: "--instruction"), ParameterSpec("seed", .integer), ParameterSpec("same_noise_per_episode", .flag),
            ParameterSpec("best_of", .integer), ParameterSpec("batch_size", .integer), ParameterSpec("episodes", .integer),
        ], inputs: [InputSpec("in", .dataset), InputSpec("editors", .editor, list: true, flag: "--editor"), InputSpec("references", .references)],
        output: .dataset, resumable: true),
        StageKind("color-transfer", "masked Reinhard colour transfer baseline (sim2real convert --method color-transfer)",
                  command: ["convert", "--method", "color-transfer"], parameters: [ParameterSpec("episodes", .integer)],
                  inputs: [InputSpec("in", .dataset), InputSpec("references", .references)], output: .dataset, resumable: true),
        StageKind("gap", "appearance gap between paired datasets (sim2real gap)", parameters: [
            ParameterSpec("stride", .integer, default: .integer(1)),
        ], inputs: [InputSpec("a", .dataset), InputSpec("b", .dataset)], output: .gap),
        StageKind("experiment", "policy pretraining experiment (sim2real experiment)", command: ["experiment"], parameters: [
            ParameterSpec("config", .file, required: true, referencedFiles: ["policy": "policies/cnn.yaml"]),
        ], inputs: [
            InputSpec("sim", .dataset, required: false), InputSpec("edited", .dataset, required: false),
            InputSpec("color_transfer", .dataset, required: false), InputSpec("real_train", .dataset, required: false),
            InputSpec("real_test", .dataset, required: false),
        ], output: .experiment, resumable: true, resumeFlag: nil, outputIsFolder: true),
        StageKind("report", "report.json and a self-contained report.html", parameters: [
            ParameterSpec("frames", .integer, default: .integer(4)),
        ], inputs: [
            InputSpec("experiment", .experiment, required: false), InputSpec("gaps", .gap, list: true, required: false),
            InputSpec("specialists", .editor, list: true, required: false), InputSpec("sim", .dataset, required: false),
            InputSpec("edited", .dataset, required: false), InputSpec("truth", .dataset, required: false),
            InputSpec("references", .references, required: false),
        ], output: .report, alwaysRuns: true),
    ]
}
