/// What a replay's initial state is, which decides the contact state the first action meets.
///
/// gym-pusht's `reset` ends with one physics substep. With every velocity zero that substep moves nothing, but
/// where the block overlaps a wall or the agent, Chipmunk's contact solver leaves bias velocities (the push-out
/// that resolves overlap) that only move the block at the start of the next substep. A fresh world placed at the
/// same state has no such push-out pending, so its first action differs (about 0.03 px for a block 1 px into a
/// wall) and the difference shrinks by about half each action. Blocks clear of walls and agent are the same either way.
public enum ReplayStart: String, Sendable, CaseIterable, Codable {
    /// The block's body origin exactly at the state, all velocities zero, no contact history: the parity
    /// fixtures' `place_exactly`.
    case exact
    /// A state as gym-pusht's `reset(options={"reset_to_state": state})` takes it (and as its seeded reset draws
    /// it): block position, then the angle about the center of gravity, then the substep reset ends with.
    case resetState = "reset-state"
    /// The observation gym-pusht's `reset` returned: placed exactly, then the substep reset ends with. The
    /// observation rounds gym-pusht's internal pose (the angle modulo 2π, the body origin rather than the center
    /// of gravity), so overlapping starts agree to about 1e-13 px rather than bit for bit.
    case resetObservation = "reset-observation"
}
