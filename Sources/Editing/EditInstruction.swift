import Imaging

/// An editing instruction and the regions it names ("modify the background to appear ...", "change the
/// T-shaped block into ...", "make the end effector look metallic", "make the whole scene look real").
public struct EditInstruction: Sendable, Hashable, Codable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    /// Regions the instruction names; the whole scene when it names none or says "whole"/"scene"/"everything".
    /// The simulator's goal belongs to the background (the real table has no drawn goal).
    public var regions: Set<SceneRegion> {
        let words = text.lowercased()
        var regions = Set<SceneRegion>()
        if ["background", "table", "tabletop", "surface"].contains(where: words.contains) { regions.formUnion([.background, .goal]) }
        if ["block", "t-shaped", "t shape", " t "].contains(where: words.contains) { regions.insert(.block) }
        if ["end effector", "end-effector", "effector", "gripper", "pusher", "agent"].contains(where: words.contains) {
            regions.insert(.agent)
        }
        if regions.isEmpty || ["whole", "entire", "everything", "scene"].contains(where: words.contains) {
            regions = Set(SceneRegion.simulated)
        }
        return regions
    }
}
