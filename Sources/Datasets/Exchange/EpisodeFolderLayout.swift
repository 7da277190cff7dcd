/// The folder layout for bringing episodes from outside (and what `dataset export --format folder` writes):
///
///     DIR/
///       episode_0000/          one folder per episode, taken in name order
///         0000.png             the frames, RGB (grey, 16-bit and alpha are converted), in name order
///         0000-labels.png      optional region masks of each frame: grey, region ids (background 0, goal 1,
///         0001.png             block 2, end effector 3, arm 4), the frame's size; for every frame or none
///         ...
///         episode.csv          one row per frame, header required:
///                              agent_x,agent_y[,block_x,block_y,block_angle],action_x,action_y
///
/// Positions are world pixels of the 512x512 Push-T table (y down), the angle in radians, the action the
/// agent's target. The block columns come all three or not at all, the same in every episode.
public enum EpisodeFolderLayout {
    public static let csvName = "episode.csv"
    public static let agentColumns = ["agent_x", "agent_y"]
    public static let blockColumns = ["block_x", "block_y", "block_angle"]
    public static let actionColumns = ["action_x", "action_y"]

    /// The header written and expected, with or without the block pose.
    public static func header(blockPose: Bool) -> [String] {
        agentColumns + (blockPose ? blockColumns : []) + actionColumns
    }

    /// Frame file name for a step (`0000.png`), which sorts in step order.
    public static func frameName(step: Int) -> String {
        let digits = String(step)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".png"
    }

    /// The ending of label files (`0000-labels.png`), which are not frames.
    public static let labelsSuffix = "-labels.png"

    /// The label file of a frame file (`0000.png` -> `0000-labels.png`).
    public static func labelsName(frame: String) -> String {
        String(frame.dropLast(4)) + labelsSuffix
    }

    /// Episode folder name (`episode_0000`).
    public static func episodeName(index: Int) -> String {
        let digits = String(index)
        return "episode_" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
