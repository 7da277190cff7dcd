import Validation

extension PushTState {
    /// World coordinates (positions and action targets) an input may hold: the 512 px table with a table's width
    /// of margin on every side. Farther targets only fling the agent through the walls (or, beyond about 1e150,
    /// make Chipmunk abort on an infinite velocity), so they are rejected where they enter.
    public static let coordinateBounds = Bounds(-PushTGeometry.worldSize...(2 * PushTGeometry.worldSize))

    /// Block angles (radians) an input may hold: any number of turns a recording could accumulate unwrapped;
    /// beyond that, wrapping loses the angle's precision.
    public static let angleBounds = Bounds(-1000.0...1000.0)

    /// The column names of a state, in `vector` order (files and datasets use them).
    public static let fieldNames = ["agent_x", "agent_y", "block_x", "block_y", "block_angle"]

    /// Throws unless every field is finite and within its bounds, naming the field.
    public func validate() throws(ValueError) {
        for (name, value) in zip(Self.fieldNames, vector) {
            try (name == "block_angle" ? Self.angleBounds : Self.coordinateBounds).check(value, name)
        }
    }

    /// Throws unless an action (an agent target) is finite and within `coordinateBounds`, naming `action_x` or
    /// `action_y`.
    public static func validateAction(x: Double, y: Double) throws(ValueError) {
        try coordinateBounds.check(x, "action_x")
        try coordinateBounds.check(y, "action_y")
    }
}
