import Imaging

/// Patch embeddings on a regular grid, the features the semantic score compares. A learned encoder (DINOv2,
/// DreamSim) can replace the default texture-statistics encoder by conforming to this protocol.
public protocol PatchEncoder: Sendable {
    /// Patches per side: the image is split into `gridSize x gridSize` patches.
    var gridSize: Int { get }
    /// One feature vector per patch, row-major over the grid.
    func embed(_ image: Image) throws -> [[Float]]
    /// The same, each patch described by its pixels inside `mask` only (row-major, one flag per pixel), so a
    /// small region is not drowned by what surrounds it in its patches.
    func embed(_ image: Image, within mask: [Bool]) throws -> [[Float]]
}

extension PatchEncoder {
    /// An encoder that cannot mask (a network) describes whole patches; the score still weights them by mask.
    public func embed(_ image: Image, within mask: [Bool]) throws -> [[Float]] {
        try embed(image)
    }
}
