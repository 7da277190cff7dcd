import Imaging
import Rendering
import Seeding
import Simulation

/// A synthetic edit for base-editor training: the sim render of a state (input), the same state with a random
/// look on the instruction's regions (target), another state with the same look (style image), and the words.
public struct EditTriplet: Sendable {
    public var input: Image
    public var target: Image
    public var style: Image
    /// The input painted with the style image's mean color per region (`StyleHint`), for editors that use it.
    public var hint: Image
    public var instruction: String
    public var regions: Set<SceneRegion>

    /// Draws a triplet: two states from gym-pusht's reset distribution, an appearance, a region choice and an
    /// instruction from a small grammar that names the regions and describes the look. Images are rendered at
    /// `frameSize` and brought to the model's `size` as conversion brings dataset frames (`EditorResolution`).
    /// With `composite`, the input is the `ReferenceComposite` of the sim render built from the style image and
    /// `compositeReferences - 1` more frames of the same look, as conversion builds it from the five references.
    public static func make(size: Int, frameSize: Int? = nil, composite: Bool = false, compositeReferences: Int = 5,
                            generator: inout SeededGenerator) -> EditTriplet {
        let frameSize = frameSize ?? size
        let resolution: EditorResolution
        do { resolution = try EditorResolution(frameSize: frameSize, modelSize: size) } catch {
            preconditionFailure("\(error)")
        }
        let first = PushTEnvironment.sampleInitialState(using: &generator)
        let second = PushTEnvironment.sampleInitialState(using: &generator)
        let appearance = Appearance(seed: generator.next())
        let choice = Int(generator.next() % 4)
        let regions: Set<SceneRegion> = [[.background], [.block], [.agent], [.background, .block, .agent]][choice]
        let renderer = RandomizedRenderer(size: frameSize)
        let target = renderer.render(first, appearance: appearance, regions: regions, noiseSeed: generator.next()).image
        let style = renderer.render(second, appearance: appearance, regions: regions, noiseSeed: generator.next())
        let verbs = ["modify", "change", "make", "turn"]
        let verb = verbs[Int(generator.next() % UInt64(verbs.count))]
        let instruction: String
        switch choice {
        case 0: instruction = "\(verb) the background to appear more \(appearance.look(for: .background).summary)"
        case 1: instruction = "\(verb) the t-shaped block into a \(appearance.look(for: .block).summary) t-shaped block"
        case 2: instruction = "make the end effector look \(appearance.look(for: .agent).summary)"
        default: instruction = "make the whole scene look like the image"
        }
        var (input, inputMasks) = SimStyleRenderer(size: frameSize).renderWithMasks(first)
        if composite {
            let others = (1..<max(1, compositeReferences)).map { _ in
                renderer.render(PushTEnvironment.sampleInitialState(using: &generator), appearance: appearance, regions: regions,
                                noiseSeed: generator.next())
            }
            let references = ([style] + others).map { (image: $0.image, masks: $0.masks) }
            do { input = try ReferenceComposite(references: references, size: frameSize)(input, masks: inputMasks) } catch {
                preconditionFailure("renders and their masks share a size: \(error)")
            }
        }
        let hint: Image
        do { hint = try StyleHint.image(input: input, inputMasks: inputMasks, style: style.image, styleMasks: style.masks) } catch {
            preconditionFailure("renders and their masks share a size: \(error)")
        }
        return EditTriplet(input: resolution.downsampled(input), target: resolution.downsampled(target),
                           style: resolution.downsampled(style.image), hint: resolution.downsampled(hint),
                           instruction: instruction, regions: regions)
    }
}
