/// The editor's small instruction vocabulary: words become token ids; unknown words share one id.
public struct InstructionVocabulary: Sendable, Codable, Equatable {
    /// Id 0 is the empty (dropped) instruction, id 1 an unknown word.
    public let words: [String]

    public init(words: [String] = InstructionVocabulary.defaultWords) {
        self.words = ["<none>", "<unknown>"] + words
    }

    public var count: Int { words.count }

    /// Token ids of an instruction (lower-cased words; punctuation ignored); [0] for an empty one.
    public func tokens(_ text: String) -> [Int] {
        let index = Dictionary(words.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let parts = text.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init)
        let ids = parts.map { index[$0] ?? 1 }
        return ids.isEmpty ? [0] : ids
    }

    public static let defaultWords = [
        "modify", "change", "make", "turn", "the", "a", "an", "to", "into", "look", "appear", "more", "like", "with", "and",
        "background", "table", "tabletop", "surface", "block", "t-shaped", "t", "shape", "end", "effector", "gripper",
        "whole", "scene", "image", "real", "realistic", "photo", "dark", "light", "textured", "wooden", "wood", "metallic",
        "metal", "orange", "red", "green", "blue", "yellow", "purple", "teal", "grey", "gray", "white", "black", "brown",
        "pink", "striped", "checkered", "noisy", "grainy", "speckled", "smooth", "flat", "gradient", "blotchy", "shiny",
    ]
}
