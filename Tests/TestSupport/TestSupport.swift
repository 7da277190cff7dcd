import Foundation
import Numerics

/// Shared helpers for every test target.
public enum TestSupport {
    /// The folder holding the built products (the `sim2real` executable among them).
    public static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // On Linux the test runner lives in the products directory itself.
        return bundle.hasDirectoryPath ? bundle : bundle.deletingLastPathComponent()
    }

    /// The root of this package (where Package.swift is).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `true` when `a` and `b` agree within the relative and absolute tolerances.
    public static func isClose(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-8) -> Bool {
        a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: relative)
    }
}
