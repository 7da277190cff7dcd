import Imaging

/// One decoded video frame, converted to RGB.
public struct DecodedFrame: Sendable {
    /// The frame's presentation time in seconds (its pts times the stream's time base).
    public var time: Double
    /// The frame as an RGB image (3 channels) of the stream's size.
    public var image: Image
    /// Whether the frame was coded as a keyframe (decodable on its own; where seeks land).
    public var isKeyframe: Bool

    public init(time: Double, image: Image, isKeyframe: Bool = false) {
        self.time = time
        self.image = image
        self.isKeyframe = isKeyframe
    }
}
