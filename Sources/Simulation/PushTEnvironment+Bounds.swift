import Validation

extension PushTEnvironment {
    /// Episodes a command may record, evaluate or read in one go: a hundred thousand is days of simulation and
    /// far beyond any experiment here; `1e12` is a typo, not a plan.
    public static let episodeCountBounds = Bounds(1...100_000)

    /// Step limits of one episode: gym-pusht stops at 300; a limit beyond ten thousand never ends in practice.
    public static let stepLimitBounds = Bounds(1...10_000)
}
