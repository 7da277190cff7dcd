import Pipelines

/// Every stage kind a pipeline file may use, in the order `--help` and errors list them.
public let stageKinds: [any StageKind.Type] = [
    SimulateStage.self, ImportStage.self, RenderStage.self, ReferencesStage.self, PretrainEditorStage.self, CheckpointStage.self,
    FitStage.self, SpecializeStage.self, ConvertStage.self, ColorTransferStage.self, HintStage.self, GapStage.self, AppearanceStage.self,
    ExperimentStage.self, ReportStage.self,
]
