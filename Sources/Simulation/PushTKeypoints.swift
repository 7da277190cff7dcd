import Foundation

/// diffusion_policy's 9 block keypoints (`data/keypoint` of its replay buffer), which follow from the block pose.
///
/// diffusion_policy fixes them once per process by farthest-point sampling over the pixels of the block drawn
/// at (256, 300, 0) with seeded numpy draws; `BlockKeypointsTests` re-derives this table from our bit-exact
/// renderer and those draws (`scripts/fixtures/make-keypoint-draws.py`).
public enum PushTKeypoints {
    /// Keypoints in the block's body frame (pixels from the body origin, y down).
    public static let local: [(x: Double, y: Double)] = [
        (9.269786713763871, 90.04097352393619), (-60.983472364471474, -1.1867297607997276),
        (60.91275557727772, -1.3933642242328201), (-0.2705034390160016, 25.54362499146542),
        (-14.064927576212233, 122.81585355412153), (39.002738500170146, 32.857404276587566),
        (-39.966414424694534, 32.729655446429945), (-16.82434437939744, 62.86317892234989),
        (23.54146122024909, -1.7002881094626152),
    ]

    /// Keypoints in world pixels for a block pose: rotation by the angle, then translation (skimage's
    /// `AffineTransform(translation:, rotation:)`, as diffusion_policy applies it).
    public static func global(blockX: Double, blockY: Double, blockAngle: Double) -> [(x: Double, y: Double)] {
        let c = cos(blockAngle), s = sin(blockAngle)
        return local.map { (x: c * $0.x - s * $0.y + blockX, y: s * $0.x + c * $0.y + blockY) }
    }
}
