import ArgumentParser
import Foundation
import Simulation

/// Replays actions from a state, for parity checks against gym-pusht.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay actions from a state and print states and coverage as JSON.",
        discussion: """
            Places the agent and the block's body origin exactly at --state with all velocities zero \
            (--start exact), or starts as gym-pusht's reset does from its reset_to_state vector \
            (--start reset-state) or from the observation its reset returned (--start reset-observation); \
            these differ only where the block starts overlapping a wall or the agent. Then applies every action \
            of --actions (a JSON array [[x, y], ...] of agent targets in world pixels) and prints \
            {"states": [[ax, ay, bx, by, theta], ...], "coverage": [...]}, one entry per action, the angle modulo \
            2*pi as gym-pusht reports it.
            """
    )

    @Option(help: "Initial state \"agent_x,agent_y,block_x,block_y,block_angle\".")
    var state: String

    @Option(help: "JSON file holding an array of [x, y] actions.")
    var actions: String

    @Option(help: "What --state is: exact (placed as given), reset-state or reset-observation (gym-pusht's reset).")
    var start: ReplayStart = .exact

    /// Optional so that replay works from any directory; physics is gym-pusht's whatever the scene says.
    @Option(help: "Scene file (physics is fixed by gym-pusht; the file, if given, must be readable).")
    var scene: String?

    func run() throws {
        let initial = try CommandInput.state(state, option: "--state")
        let actionList = try CommandInput.actions(file: actions)
        if let scene { try CommandInput.requireReadable(scene, option: "--scene") }
        let data = try JSONEncoder().encode(try ActionReplay(from: initial, actions: actionList, start: start))
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

extension ReplayStart: ExpressibleByArgument {}
