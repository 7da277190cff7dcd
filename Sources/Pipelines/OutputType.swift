/// What a stage produces; an input accepts only stages of the right output type.
public enum OutputType: String, Sendable, Codable {
    case dataset, references, editor, gap, appearance, experiment, report
}
