/// One real camera over a Push-T table: the table, the T block, the end effector and its arm, a goal marking,
/// the light, the lens and the sensor. A scene file with `style: camera` describes one (`look:`); the bank in
/// `scenes/looks/` spans many, split into dev looks (for every choice) and test looks (measured only).
///
/// Looks produce only reference frames and "real" episodes. This module sits above `Rendering`, so domain
/// randomization (in `Rendering`) cannot reach it, and the base editor never trains on these looks.
public struct CameraLook: Sendable, Codable, Equatable {
    /// Which part of the bank a look belongs to.
    public enum Split: String, Sendable, Codable, CaseIterable {
        /// Looks every setting, threshold and hyper-parameter may be chosen on.
        case dev
        /// Looks that are only measured, never tuned on.
        case test
    }

    /// The bank split (nil for a user's own camera).
    public var split: Split?
    public var table: Table
    public var block: Block
    public var effector: Effector
    public var goal: Goal
    public var light: Light
    public var camera: Camera
    public var sensor: Sensor

    public init(split: Split? = nil, table: Table = Table(), block: Block = Block(), effector: Effector = Effector(),
                goal: Goal = Goal(), light: Light = Light(), camera: Camera = Camera(), sensor: Sensor = Sensor()) {
        self.split = split
        self.table = table
        self.block = block
        self.effector = effector
        self.goal = goal
        self.light = light
        self.camera = camera
        self.sensor = sensor
    }
}
