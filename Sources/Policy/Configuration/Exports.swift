// Policy and experiment files are read with the shared strict YAML reader and report its error type.
@_exported import ConfigurationFiles
