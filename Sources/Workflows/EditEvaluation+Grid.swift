import Datasets
import Imaging
import OutputFiles

extension EditEvaluation {
    /// Writes a grid of `rows` frames spread over the evaluated episodes, one row each: sim | candidates... |
    /// truth, with the names under the first row, to see what the table's numbers look like. An existing file at
    /// `path` is replaced only with `force`.
    public static func writeGrid(sim: String, truth: String, candidates: [(name: String, path: String)], rows: Int,
                                 to path: String, force: Bool = false) throws {
        let stores = try ([sim] + candidates.map(\.path) + [truth]).map { try DatasetStore.open(path: $0) }
        // Rows come from the episodes every dataset but the truth holds (candidates may convert fewer episodes).
        let episodes = try stores[1 ..< stores.count - 1].reduce(try stores[0].episodes()) { shortest, store in
            let own = try store.episodes()
            return own.count < shortest.count ? own : shortest
        }
        guard !episodes.isEmpty else { throw DatasetError(file: sim, "has no episodes to show") }
        let names = ["sim"] + candidates.map(\.name) + ["proxy-real truth"]
        var images: [[Image]] = [], labels: [[String]] = []
        for row in 0..<rows {
            let episode = episodes[row % episodes.count]
            let step = (row / episodes.count * 17 + row * 5) % max(1, episode.length)
            images.append(try stores.map { try $0.frame(episode: episode.index, step: step).image })
            labels.append(row == 0 ? names : [String](repeating: "", count: names.count))
        }
        try OutputPath(path).write(ContactSheet.compose(rows: images, labels: labels), force: force)
    }
}
