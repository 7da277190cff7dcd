import Imaging
import Rendering

/// Training pairs made of the five references themselves: each reference is the target of the edit its own
/// scene would get at conversion, with the clean plate and pooled colors of the *other* references.
///
/// The references are the only real pixels of the camera; at conversion an editor with `composite_input` sees a
/// sim frame rebuilt from them (`ReferenceComposite`) and must add what the composite cannot carry: the block's
/// shading and shadow, the tip's look, the light on both. For reference i the sim frame it would have come from is
/// drawn from its masks in the simulator's palette (fill and outline for the block, inner and outer disc for the
/// end effector, the arm as table: the simulator has none), rebuilt from the other references for such an editor
/// (an editor of sim frames takes it as it is), and paired with reference i as the target. Another reference is
/// the visual prompt, as at conversion, so the target never enters as its own style. Where reference i shows the
/// arm (with a pixel of margin) its target shows the other references' clean plate: conversion draws the arm after
/// the edit (`ArmOverlay`), so the editor should paint table there.
public enum ReferencePairs {
    /// Every (target, style) pair of distinct references as a triplet at the model's size: count x (count - 1) of them.
    public static func triplets(references: [(image: Image, masks: RegionMasks)], frameSize: Int, modelSize: Int,
                                compositeInput: Bool, instruction: String, palette: SimStylePalette = .gymPushT) throws -> [EditTriplet] {
        guard references.count >= 3 else {
            throw EditorError.references("fitting an editor to its references needs at least 3 of them (one target, one style, "
                                         + "one for the clean plate), got \(references.count)")
        }
        let resolution = try EditorResolution(frameSize: frameSize, modelSize: modelSize)
        let fitted = try CleanPlate.fitted(references, size: frameSize)
        let regions = EditInstruction(instruction).regions
        var triplets: [EditTriplet] = []
        for target in fitted.indices {
            let others = fitted.indices.filter { $0 != target }.map { fitted[$0] }
            let masks = simulatedMasks(fitted[target].masks)
            let composite = try ReferenceComposite(references: others, size: frameSize)
            let frame = simFrame(masks, palette: palette)
            let input = compositeInput ? try composite(frame, masks: masks) : frame
            let goal = targetImage(fitted[target], table: composite.plate.image)
            for style in fitted.indices where style != target {
                let hint = try StyleHint.image(input: input, inputMasks: masks, style: fitted[style].image, styleMasks: fitted[style].masks)
                triplets.append(EditTriplet(input: resolution.downsampled(input), target: resolution.downsampled(goal),
                                            style: resolution.downsampled(fitted[style].image), hint: resolution.downsampled(hint),
                                            instruction: instruction, regions: regions))
            }
        }
        return triplets
    }

    /// The masks as the simulator would draw the scene: arm pixels become table.
    static func simulatedMasks(_ masks: RegionMasks) -> RegionMasks {
        var result = masks
        for index in result.labels.indices where result.labels[index] == SceneRegion.arm.rawValue {
            result.labels[index] = SceneRegion.background.rawValue
        }
        return result
    }

    /// A flat sim-style frame of `masks`: table white, the block's and the end effector's border pixels in their
    /// outline colors and their insides in their fill colors, as gym-pusht draws them.
    static func simFrame(_ masks: RegionMasks, palette: SimStylePalette) -> Image {
        let (width, height) = (masks.width, masks.height)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in masks.labels.indices {
            let label = masks.labels[index]
            let color: [UInt8]
            switch SceneRegion(rawValue: label) {
            case .block: color = onBorder(index, of: label, in: masks) ? palette.blockOutline : palette.blockFill
            case .agent: color = onBorder(index, of: label, in: masks) ? palette.agentOuter : palette.agentInner
            default: color = palette.background
            }
            for channel in 0..<3 { pixels[index * 3 + channel] = color[channel] }
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Whether a 4-neighbor of `index` (or the frame's edge) lies outside the region `label`.
    static func onBorder(_ index: Int, of label: UInt8, in masks: RegionMasks) -> Bool {
        let (x, y) = (index % masks.width, index / masks.width)
        for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
            let (nx, ny) = (x + dx, y + dy)
            guard nx >= 0, ny >= 0, nx < masks.width, ny < masks.height else { return true }
            if masks.labels[ny * masks.width + nx] != label { return true }
        }
        return false
    }

    /// The reference with its arm, and the table pixels next to it (where the two colors mix), replaced by the
    /// `table` image's pixels; the block and the end effector stay as the photo shows them.
    static func targetImage(_ reference: (image: Image, masks: RegionMasks), table: Image) -> Image {
        var result = reference.image
        let masks = reference.masks
        let arm = SceneRegion.arm.rawValue, tableLabels = [SceneRegion.background.rawValue, SceneRegion.goal.rawValue]
        func isArm(_ x: Int, _ y: Int) -> Bool {
            x >= 0 && y >= 0 && x < masks.width && y < masks.height && masks.labels[y * masks.width + x] == arm
        }
        for index in masks.labels.indices {
            let (x, y) = (index % masks.width, index / masks.width)
            let replaced = masks.labels[index] == arm
                || (tableLabels.contains(masks.labels[index]) && (-1...1).contains { dy in (-1...1).contains { dx in isArm(x + dx, y + dy) } })
            guard replaced else { continue }
            for channel in 0..<3 { result.pixels[index * 3 + channel] = table.pixels[index * 3 + channel] }
        }
        return result
    }
}
