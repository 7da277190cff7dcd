import Seeding

/// The look of the proxy-real camera: fixed for a scene file; `ProxyRealVariation` adds per-episode changes.
public struct ProxyRealParameters: Sendable, Codable, Equatable {
    /// Camera tilt from straight down, degrees (the real Push-T camera looks at the table at a slight angle).
    public var cameraTiltDegrees: Double = 10
    /// Height of the T block above the table (world px; the T is 120 px wide).
    public var blockHeight: Double = 22
    /// Height of the end effector's metal cylinder (world px).
    public var effectorHeight: Double = 45
    /// Supersampling factor per axis (anti-aliasing).
    public var supersampling: Int = 3
    /// Gaussian sensor noise, standard deviation in 8-bit levels.
    public var sensorNoise: Double = 2.5
    /// Optical blur, standard deviation in output pixels at 96 px (scaled with the output size).
    public var blurSigma: Double = 0.55
    /// Strength of the vignetting (darkening at the corners).
    public var vignetting: Double = 0.35
    /// Strength of the low-frequency lighting gradient across the table.
    public var lightingGradient: Double = 0.22

    public init() {}
}

/// Small per-episode changes of a real camera: exposure, white balance, a few pixels of jitter, light direction.
public struct ProxyRealVariation: Sendable, Codable, Equatable {
    public var exposure: Double = 1
    public var whiteBalance: [Double] = [1, 1, 1]
    /// Camera aim offset on the table (world px) and yaw (radians).
    public var jitterX: Double = 0
    public var jitterY: Double = 0
    public var yaw: Double = 0
    /// Direction the lighting gradient increases toward (radians).
    public var gradientAngle: Double = 0.8

    public init() {}

    /// Variation drawn from a seed (uniform within small ranges).
    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_0F_CA_4E_7A)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        exposure = uniform(0.9, 1.1)
        whiteBalance = [uniform(0.96, 1.04), uniform(0.97, 1.03), uniform(0.95, 1.05)]
        jitterX = uniform(-6, 6)
        jitterY = uniform(-6, 6)
        yaw = uniform(-0.015, 0.015)
        gradientAngle = uniform(0.4, 1.4)
    }
}
