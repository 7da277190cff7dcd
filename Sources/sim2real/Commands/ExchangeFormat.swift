import ArgumentParser

/// The outside formats `dataset import` reads and `dataset export` writes.
enum ExchangeFormat: String, ExpressibleByArgument, CaseIterable {
    /// diffusion_policy's replay buffer (zarr v2).
    case zarr
    /// One folder per episode: PNG frames and `episode.csv` (see `EpisodeFolderLayout`).
    case folder
}
