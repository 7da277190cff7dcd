import ArgumentParser
import Editing
import Workflows

/// Fits an editor to the reference photos themselves before D3PO.
struct EditorFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit an editor to the reference frames, each the target of its own scene rebuilt from the other references.",
        discussion: """
            For each reference, the sim frame of its scene is drawn from its masks in the simulator's colors, rebuilt \
            from the other references (clean plate, pooled block and end effector colors), and paired with the \
            reference as the target, another reference as the visual prompt (the arm stays out: conversion draws it \
            afterwards). The editor's pretraining loss on those pairs, at the timesteps its strength samples, trains \
            low-rank adapters (--train lora, the default) or all weights. OUT holds plain weights that convert and \
            'editor specialize --base' load; its training state is written beside it; --resume continues.
            Example: sim2real editor fit --base models/editor-composite.safetensors --references refs \
            --instruction "make the t-shaped block and the end effector look like the image" --out fitted.safetensors
            """
    )

    @OptionGroup var training: EditorRunOptions

    @Option(help: "Optimizer steps.")
    var steps: Int = Self.defaults.steps

    @Option(help: "Reference pairs per step.")
    var batch: Int = Self.defaults.batch

    @Option(help: "Learning rate (AdamW).")
    var learningRate: Float = Self.defaults.learningRate

    @Option(help: "Seed of the pairs' order, timesteps, noise and adapters.")
    var seed: UInt64 = Self.defaults.seed

    @Option(help: "Trained parameters: all or lora.")
    var train: SpecializationConfiguration.TrainedParameters = Self.defaults.trainedParameters

    @Option(help: "LoRA rank (with --train lora).")
    var loraRank: Int = Self.defaults.loraRank

    @Option(help: "LoRA alpha: the update is scaled by alpha / rank (with --train lora).")
    var loraAlpha: Float = Self.defaults.loraAlpha

    @OptionGroup var runtime: RuntimeOptions

    private static let defaults = ReferenceFitConfiguration()

    var settings: ReferenceFitConfiguration {
        var settings = ReferenceFitConfiguration()
        (settings.instruction, settings.steps, settings.batch, settings.learningRate, settings.seed) = (training.instruction, steps, batch, learningRate, seed)
        (settings.trainedParameters, settings.loraRank, settings.loraAlpha) = (train, loraRank, loraAlpha)
        return settings
    }

    func validate() throws {
        try settings.validateOptions()
    }

    func run() throws {
        let losses = try FitStage.fit(settings, base: training.base, references: training.references, out: training.out, resume: training.resume,
                                      stopAfter: training.stopAfter)
        let last = losses.last.map { String(format: ", last loss %.4f", $0) } ?? ""
        print("fitted editor: \(losses.count) steps this run\(last), saved to \(training.out)")
    }
}
