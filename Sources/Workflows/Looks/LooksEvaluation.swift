import Datasets
import Foundation
import Imaging
import OutputFiles
import Pipelines
import Policy
import Scenes
import Validation

/// The chain on every look of a bank, as a user would run it on their camera: per look, five photos go through
/// `references` with automatic masks, then the look pipeline (`pipelines/look.yaml`: specialize, convert, color
/// transfer, the real episodes in that look, the policy experiment) runs in the look's own folder, cached and
/// resumable stage by stage like any pipeline. Then the masks are scored against the exact ones and everything
/// is gathered into `looks.json` and `report.html`.
public struct LooksEvaluation {
    /// Look scene files, evaluated in this order.
    public var looks: [String]
    /// The look pipeline, with `{look}` and `{photos}` where the look's scene file and its photos go.
    public var template: String
    public var out: String
    /// Frames (states from their own seed) on which automatic masks are scored besides the references.
    public var maskFrames = 50
    public var maskSeed: UInt64 = 12345
    /// The photos: how many, their states' seed (the quickstart's reference seed) and their size in pixels.
    public var photoCount = 5
    public var photoSeed: UInt64 = 1000
    public var photoSize = 384
    /// The size the references stage brings the photos to.
    public var referenceSize = 96
    /// How masks are scored besides the references stage's own (the default: the shipped segmenter, as the look
    /// pipeline's references stage uses by default).
    public var maskMethod = FrameMasking.Method.segmenter
    public var segmenter = FrameMasking.shippedSegmenter
    /// Give the references stage the photos' exact masks (as a user's label files) instead of letting it find them:
    /// what the chain reaches with perfect masks, against which the found masks' cost is measured.
    public var exactMasks = false
    /// Only this shard of the looks (a contiguous range, in order), for one of several jobs sharing `out`: it locks
    /// only `.looks-K-of-N.lock` and writes no `looks.json`; a plain evaluation of every look afterwards finds each
    /// look's stages cached and gathers the figures.
    public var shard: Shard?
    /// Where the runner's lines go.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(("looks: " + $0 + "\n").utf8)) }

    public init(looks: [String], template: String, out: String) {
        self.looks = looks
        self.template = template
        self.out = out
    }

    /// The look files of `paths`: files as given, folders by their `.yaml` files in name order.
    public static func lookFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw WorkflowError("\(path): no such look file or folder")
            }
            if isFolder.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw WorkflowError("\(paths.joined(separator: ", ")): no look files (.yaml)") }
        let names = files.map(Self.name)
        if let file = files.first(where: { !OutputPath.isPlainName(Self.name($0)) }) {
            throw WorkflowError("\(file): a look's name (its file name) names its run folder: use \(OutputPath.plainNameRule)")
        }
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw WorkflowError("two looks are named '\(repeated)': each look's folder is named after its file")
        }
        return files
    }

    static func name(_ look: String) -> String {
        URL(fileURLWithPath: look).deletingPathExtension().lastPathComponent
    }

    /// Runs (or resumes) every look and writes `looks.json` and `report.html` into `out`, holding its lock
    /// (`OutputLock`) throughout so a second evaluation of the same folder stops at once.
    @discardableResult
    public func run() throws -> LookBankReport {
        let templateText: String
        do {
            templateText = String(decoding: try InputFile.read(template, expected: "a look pipeline (YAML)"), as: UTF8.self)
        } catch {
            throw WorkflowError("look pipeline \(error)")
        }
        guard templateText.contains("{look}"), templateText.contains("{photos}") else {
            throw WorkflowError("\(template): a look pipeline names the look as {look} and its photos as {photos}")
        }
        let root = URL(fileURLWithPath: out)
        try OutputPath(out).checkFolder()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var selected = looks
        if let shard {
            do { try shard.checkNonEmpty(total: looks.count, items: "looks") } catch { throw WorkflowError("\(error.field) \(error.message)") }
            selected = Array(looks[shard.range(of: looks.count)])
        }
        let lock = try shard.map { try OutputLock(file: root.appendingPathComponent("looks-\($0.index)-of-\($0.count)").path) }
            ?? OutputLock(folder: out)
        defer { lock.release() }
        let index = try RunIndex(path: root.appendingPathComponent("index.sqlite").path)
        let started = Date()
        var results: [LookResult] = []
        var ranSeconds: [Double] = []
        for (position, look) in selected.enumerated() {
            log("[\(position + 1)/\(selected.count)] \(Self.name(look)) (\(look))")
            let result = try evaluate(look, template: templateText, index: index)
            results.append(result)
            if result.seconds > 0 { ranSeconds.append(result.seconds) }
            let remaining = selected.count - position - 1
            let eta = ranSeconds.isEmpty ? 0 : ranSeconds.reduce(0, +) / Double(ranSeconds.count) * Double(remaining)
            log("[\(position + 1)/\(selected.count)] \(result.name): edited/sim \(Self.format(result.editedOverSim)), "
                + "edited/color transfer \(Self.format(result.editedOverColorTransfer)), edited/hint \(Self.format(result.editedOverHint)); "
                + "elapsed \(ProgressLine.duration(Date().timeIntervalSince(started)))"
                + (remaining > 0 ? ", ETA \(ProgressLine.duration(eta))" : ""))
        }
        let report = LookBankReport(looks: results, seconds: Date().timeIntervalSince(started), toolVersion: ToolVersion.string,
                                    gitCommit: PipelineRunner.gitCommit(), exactMasks: exactMasks)
        if let shard {
            log("shard \(shard): \(results.count) looks in \(ProgressLine.duration(report.seconds)); an evaluation of every look gathers them")
            return report
        }
        try report.write(to: root.appendingPathComponent("looks.json").path)
        try writePage(report)
        log("\(results.count) looks in \(ProgressLine.duration(report.seconds)); \(root.path)/report.html")
        return report
    }

    /// Writes `report.html` and `ratios.svg` of a finished evaluation into `out` (from its `looks.json` when `report`
    /// is nil: a page again after the code that draws it changed).
    public func writePage(_ report: LookBankReport? = nil) throws {
        let root = URL(fileURLWithPath: out)
        let figures = try report ?? LookBankReport.load(path: root.appendingPathComponent("looks.json").path)
        try LookBankPage(report: figures, root: root).write(to: root.appendingPathComponent("report.html"))
    }

    private static func format(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }

    /// One look: photos, its pipeline run, then the figures.
    func evaluate(_ look: String, template: String, index: RunIndex) throws -> LookResult {
        let folder = URL(fileURLWithPath: out).appendingPathComponent(Self.name(look))
        let photos = folder.appendingPathComponent("photos")
        let rendered = try LookPhotos.write(look: look, count: photoCount, seed: photoSeed, photoSize: photoSize, photos: photos,
                                            exactMasks: exactMasks)
        let file = folder.appendingPathComponent("pipeline.yaml").path
        let text = template.replacingOccurrences(of: "{look}", with: look).replacingOccurrences(of: "{photos}", with: photos.path)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        let spec = try PipelineSpec.parse(text, file: file, kinds: stageKinds)
        let store = StageStore(root: folder.path)
        var runner = PipelineRunner(pipeline: spec, store: store, index: index, toolVersion: ToolVersion.string)
        runner.log = { [log] in log("  " + $0) }
        let began = Date()
        let keys = try runner.stageKeys()
        let allCached = spec.stages.allSatisfy { store.finished($0.name)?.key == keys[$0.name] }
        var failure: String?
        do {
            try runner.run()
        } catch let error as RunFailure {
            failure = error.description
            log("  \(Self.name(look)): the chain stopped: \(error)")
        }
        let seconds = allCached ? 0 : Date().timeIntervalSince(began)

        func output(_ stage: String) throws -> String {
            guard let spec = spec.stage(named: stage) else { throw WorkflowError("\(template): the look pipeline has no '\(stage)' stage") }
            return store.output(spec)
        }
        // The masks the references stage finds for the photos (or is given), against the photos' exact masks.
        let masking = try FrameMasking(method: maskMethod, segmenter: segmenter)
        let referenceIoU = try (exactMasks ? MaskEvaluation.compare(rendered.frames.map { photo in
            let truth = photo.masks.centerSquare(size: referenceSize)
            return (found: truth, truth: truth)
        }) : MaskEvaluation.references(photos: rendered, referenceSize: referenceSize, masking: masking)).meanIntersectionOverUnion
        // Only what this configuration finished counts (a stopped run can leave older stages behind).
        func finished(_ stage: String) -> Bool { keys[stage] != nil && store.finished(stage)?.key == keys[stage] }
        var appearance: [String: DomainGap] = [:]
        // The hint-alone baseline is measured when the template has it (templates before it do not).
        let gaps = [("sim", "gap-sim"), ("edited", "gap-edited"), ("color_transfer", "gap-color-transfer"), ("hint", "gap-hint")]
        for (variant, stage) in gaps where spec.stage(named: stage) != nil && finished(stage) {
            appearance[variant] = try DomainGap.load(path: output(stage))
        }
        let armAngleError = try ["sim", "truth", "references"].allSatisfy(finished)
            ? ArmAngle.measure(sim: output("sim"), truth: output("truth"), references: output("references")) : nil
        let experiment = finished("experiment") ? try ExperimentReport.load(path: output("experiment")).policy : nil
        return LookResult(name: Self.name(look), scene: look, split: try Self.split(of: look), referenceMaskIoU: referenceIoU,
                          frameMaskIoU: try MaskEvaluation.measure(scene: look, count: maskFrames, seed: maskSeed, masking: masking),
                          appearance: appearance, armAngleError: armAngleError, experiment: experiment, failure: failure, seconds: seconds)
    }

    /// The `split` a camera look declares (dev or test), if any.
    static func split(of look: String) throws -> String? {
        let (spec, _) = try SceneSpec.load(path: look)
        return spec.style == .camera ? spec.look.split?.rawValue : nil
    }
}
