import Foundation
import Testing
import TestSupport

/// The property every loader must have: a mutated input gives a clean error (one of the project's errors, in
/// words, naming what was wrong) or a valid result, never a crash. A crash ends the test process, so it shows as
/// a failed run; `SIM2REAL_MUTATION_VERBOSE=1` prints each case before it runs, to find the one that crashed.
///
/// CI runs a few hundred cases per loader (a few seconds in all); a longer hunt by hand:
/// `SIM2REAL_MUTATION_CASES=20000 SIM2REAL_MUTATION_SEED=7 swift test --filter RobustnessTests`.
enum MutationProperty {
    static let environment = ProcessInfo.processInfo.environment
    static let caseCount = environment["SIM2REAL_MUTATION_CASES"].flatMap(Int.init) ?? 200
    static let seed = environment["SIM2REAL_MUTATION_SEED"].flatMap(UInt64.init) ?? 2026
    static let verbose = environment["SIM2REAL_MUTATION_VERBOSE"] == "1"

    /// Text that shows an error escaped without being put in words: Foundation's domains, Swift's error enums.
    static let rawMarkers = ["Error Domain=", "NSCocoaErrorDomain", "EncodingError", "DecodingError", "dataCorrupted(",
                             "typeMismatch(", "keyNotFound(", "valueNotFound(", "Context(codingPath", "Swift.", "Optional("]

    /// Runs `cases` mutations through `load` (the case's mutator, then the case index); each either returns (the
    /// input was accepted, and `load` checked that what it got is usable) or throws an error that `isClean`
    /// accepts and whose text holds no raw markers. Returns the tally, which the test prints.
    @discardableResult
    static func check(_ name: String, cases: Int = caseCount, seedOffset: UInt64, isClean: (any Error) -> Bool,
                      load: (inout InputMutator) throws -> Void) -> MutationTally {
        var tally = MutationTally(name)
        var mutator = InputMutator(seed: seed &+ seedOffset)
        for index in 0..<cases {
            if verbose { print("\(name): case \(index) (seed \(seed &+ seedOffset))") }
            do {
                try load(&mutator)
                tally.record(accepted: true)
            } catch {
                let text = "\(error)"
                let clean = isClean(error) && !text.isEmpty && !rawMarkers.contains { text.contains($0) }
                #expect(clean, "\(name) case \(index) (seed \(seed &+ seedOffset)): not a clean error: \(type(of: error)): \(text)")
                tally.record(accepted: false)
            }
        }
        print(tally)
        return tally
    }
}
