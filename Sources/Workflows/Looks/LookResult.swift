import Datasets
import Foundation
import Policy

/// What the chain gave on one camera look: how well automatic masks found its regions, how close edited and
/// color-transferred frames came to the look's paired truth, and the policy experiment's figures.
public struct LookResult: Sendable, Codable, Equatable {
    /// The look's file name without extension.
    public var name: String
    public var scene: String
    /// `dev` or `test`, as the look's file says (nil when it says nothing).
    public var split: String?
    /// Region -> mean IoU of the automatic masks over the five references, and over `frameMaskIoU`'s frames.
    public var referenceMaskIoU: [String: Double]
    public var frameMaskIoU: MaskEvaluation
    /// `sim`, `edited`, `color_transfer`, `hint` -> appearance gap of those frames to the look's paired truth.
    public var appearance: [String: DomainGap]
    /// Median angle in degrees between the drawn arm and the arm the look's camera shows in the same states (nil
    /// when the references show no arm or the template renders no truth).
    public var armAngleError: Double? = nil
    /// The policy experiment's figures (nil when the chain stopped before it, see `failure`).
    public var experiment: ExperimentReport.PolicyFigures?
    /// Why the chain stopped on this look (the references' masks rejected, say); nil when it ran to the end.
    public var failure: String?
    /// Wall time of the look's pipeline run (0 when every stage was cached).
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case name, scene, split, referenceMaskIoU = "reference_mask_iou", frameMaskIoU = "frame_mask_iou", appearance
        case armAngleError = "arm_angle_error", experiment
        case failure, seconds
    }

    public func zeroShot(_ variant: ExperimentVariant) -> Double? {
        experiment?.zeroShot[variant]?.mean
    }

    /// Zero-shot MSE of edited pretraining over that of sim pretraining (below 1: editing helped).
    public var editedOverSim: Double? {
        guard let edited = zeroShot(.editedPretrain), let sim = zeroShot(.simPretrain), sim > 0 else { return nil }
        return edited / sim
    }

    /// Zero-shot MSE of edited pretraining over that of color-transfer pretraining (below 1: the editor beat the baseline).
    public var editedOverColorTransfer: Double? {
        guard let edited = zeroShot(.editedPretrain), let transfer = zeroShot(.colorTransferPretrain), transfer > 0 else { return nil }
        return edited / transfer
    }

    /// Zero-shot MSE of edited pretraining over that of pretraining on the style hint alone (below 1: the learned
    /// editor added to its own prompt).
    public var editedOverHint: Double? {
        guard let edited = zeroShot(.editedPretrain), let hint = zeroShot(.hintPretrain), hint > 0 else { return nil }
        return edited / hint
    }

    /// Mean over background, block and agent of the Lab-histogram distance to the truth.
    public func meanHistogramDistance(_ variant: String) -> Double? {
        appearance[variant]?.meanHistogramDistance
    }
}
