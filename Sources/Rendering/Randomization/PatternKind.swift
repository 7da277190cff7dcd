/// The texture families of domain randomization. None of them is the proxy-real tabletop's grain.
public enum PatternKind: String, CaseIterable, Sendable, Codable {
    case flat
    case valueNoise = "value-noise"
    case stripes
    case checks
    case gradient
    case grain
    case speckle

    /// The adjective an instruction uses for the pattern.
    public var adjective: String {
        switch self {
        case .flat: "plain"
        case .valueNoise: "mottled"
        case .stripes: "striped"
        case .checks: "checkered"
        case .gradient: "shaded"
        case .grain: "grainy"
        case .speckle: "speckled"
        }
    }
}
