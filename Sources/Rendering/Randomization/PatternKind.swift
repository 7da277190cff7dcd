/// The texture families of domain randomisation. None of them is the proxy-real tabletop's grain.
public enum PatternKind: String, CaseIterable, Sendable, Codable {
    case flat
    case valueNoise = "value-noise"
    case stripes
    case checks
    case gradient
    case grain
    case speckle
}
