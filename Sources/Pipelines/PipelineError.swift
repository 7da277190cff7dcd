import ConfigurationFiles

/// A problem with a pipeline file or run: the configuration files' shared error, naming the file, the line (when
/// known) and the field.
public typealias PipelineError = ConfigurationError
