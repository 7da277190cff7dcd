/// The values a number may take: at least (or above) a lower bound and at most an upper bound.
///
/// Upper bounds are what a user could plausibly mean, far beyond any shipped setting, so an absurd value (a
/// typo, `1e12`, a hostile file) stops where it enters instead of reaching an allocation, a loop count, a
/// precondition or the physics engine. NaN is inside no bounds and the bounds are finite, so a bound also
/// rejects NaN and the infinities.
///
/// A parameter struct, a configuration reader and a checkpoint-metadata check name the same `Bounds` value, so a
/// flag and its YAML or metadata twin follow one rule.
public struct Bounds<Value: Comparable & Sendable>: Sendable {
    public let lower: Value
    public let upper: Value
    /// Whether `lower` itself is outside (a rate that must be positive: `Bounds(above: 0, through: 1)`).
    public let excludesLower: Bool

    public init(_ range: ClosedRange<Value>) {
        lower = range.lowerBound
        upper = range.upperBound
        excludesLower = false
    }

    public init(above lower: Value, through upper: Value) {
        precondition(lower < upper, "empty bounds (\(lower), \(upper)]")
        self.lower = lower
        self.upper = upper
        excludesLower = true
    }

    public func contains(_ value: Value) -> Bool {
        (excludesLower ? value > lower : value >= lower) && value <= upper
    }

    /// `1...1000`, or `(0, 1]` when the lower bound is excluded.
    public var text: String {
        excludesLower ? "(\(lower), \(upper)]" : "\(lower)...\(upper)"
    }

    /// What is wrong with `value`, or nil when it is inside: "must be at least 1, got 0", "must be at most 1000,
    /// got 5000", "must be a finite number in 0...1, got nan".
    public func problem(_ value: Value) -> String? {
        if contains(value) { return nil }
        // NaN is the one value unequal to itself; it compares with nothing, so no bound names it.
        if value != value { return "must be a finite number in \(text), got \(value)" }
        if excludesLower && value <= lower { return "must be greater than \(lower), got \(value)" }
        if value < lower { return "must be at least \(lower), got \(value)" }
        return "must be at most \(upper), got \(value)"
    }

    /// Throws when `value` is outside, naming `field`.
    public func check(_ value: Value, _ field: String) throws(ValueError) {
        if let problem = problem(value) { throw ValueError(field: field, problem) }
    }

    /// Throws when `value` is given and outside; nil means "not set" and passes.
    public func check(_ value: Value?, _ field: String) throws(ValueError) {
        if let value { try check(value, field) }
    }

    /// Throws at the first item outside, naming its index.
    public func check(_ values: [Value], _ field: String) throws(ValueError) {
        for (index, value) in values.enumerated() {
            if let problem = problem(value) { throw ValueError(field: field, "item \(index) \(problem)") }
        }
    }
}

extension Bounds where Value: BinaryInteger {
    /// The integers inside as a range, for readers that take one.
    public var range: ClosedRange<Value> { (excludesLower ? lower + 1 : lower)...upper }
}

extension Bounds where Value == Int {
    /// Throws unless a list's length is inside, naming the list: "must have at most 16 items, got 20".
    public func checkCount(_ count: Int, _ field: String) throws(ValueError) {
        if count < lower { throw ValueError(field: field, "must have at least \(lower) item\(lower == 1 ? "" : "s"), got \(count)") }
        if count > upper { throw ValueError(field: field, "must have at most \(upper) items, got \(count)") }
    }
}
