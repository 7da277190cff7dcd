import Imaging

/// Patch embeddings on a regular grid, the features the semantic score compares. A learned encoder (DINOv2,
/// DreamSim) can replace the default texture-statistics encoder by conforming to this protocol.
public protocol PatchEncoder: Sendable {
    /// Patches per side: the image is split into `gridSize x gridSize` patches.
    var gridSize: Int { get }
    /// One feature vector per patch, row-major over the grid.
    func embed(_ image: Image) throws -> [[Float]]
}
