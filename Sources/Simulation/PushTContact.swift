/// One contact point between the block and another shape, in world pixels.
public struct PushTContact: Sendable {
    public var pointA: (x: Double, y: Double)
    public var pointB: (x: Double, y: Double)
    public var normal: (x: Double, y: Double)
}
