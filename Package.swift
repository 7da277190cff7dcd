// swift-tools-version:6.0
import PackageDescription

/// Hot numerical modules are optimised even in debug builds so that tests stay fast.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "sim2real",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sim2real", targets: ["sim2real"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        // C leaves.
        .systemLibrary(name: "CChipmunk", path: "Sources/CLibraries/CChipmunk",
                       providers: [.apt(["libchipmunk-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/CLibraries/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CLibraries/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CBlosc", path: "Sources/CLibraries/CBlosc", pkgConfig: "blosc",
                       providers: [.apt(["libblosc-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CLibraries/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CJPEG", path: "Sources/CLibraries/CJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CSnappy", path: "Sources/CLibraries/CSnappy", pkgConfig: "snappy",
                       providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", path: "Sources/CLibraries/CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CFFmpeg", path: "Sources/CLibraries/CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavcodec-dev", "libavformat-dev", "libavutil-dev", "libswscale-dev"])]),
        .target(name: "CKernels", path: "Sources/CLibraries/CKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "CVision", path: "Sources/CLibraries/CVision",
                cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-O2"])],
                linkerSettings: [.linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core")]),

        // Swift modules, leaves first.
        .target(name: "Imaging", dependencies: ["CPNG", "CJPEG", "CVision", "Validation"], swiftSettings: optimised),
        // MP4 videos read and written through FFmpeg (LeRobot datasets' camera streams).
        .target(name: "Video", dependencies: ["CFFmpeg", "Imaging"]),
        .target(name: "Seeding"),
        // The rules every number and file a user gives is checked against (flags, files, datasets, checkpoints).
        .target(name: "Validation"),
        // Output paths and locks every command writes through (no symbolic links followed, no special files replaced).
        .target(name: "OutputFiles"),
        .target(name: "Zarr", dependencies: ["CBlosc", "CZlib", "Validation"]),
        // The Parquet subset LeRobot datasets use (footer, pages, PLAIN/dictionary/RLE, SNAPPY/ZSTD/GZIP).
        .target(name: "Parquet", dependencies: ["CSnappy", "CZstd", "CZlib"], swiftSettings: optimised),
        .target(name: "Simulation", dependencies: ["CChipmunk", "Seeding", "Validation"], swiftSettings: optimised),
        // Sim style, proxy-real camera and domain randomization. It cannot depend on CameraLooks or Scenes (they
        // depend on it), so the look bank stays out of the randomizer's reach (RandomizationSeparationTests).
        .target(name: "Rendering", dependencies: ["Imaging", "Simulation", "Seeding"], swiftSettings: optimised),
        // The bank of real-camera looks (scenes/looks/): references and "real" episodes only.
        .target(name: "CameraLooks", dependencies: ["Rendering", "Imaging", "Simulation", "Seeding"], swiftSettings: optimised),
        // Scene files and the renderer they select.
        .target(name: "Scenes", dependencies: [
            "Rendering", "CameraLooks", "Imaging", "Simulation", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Tensors", dependencies: ["COpenBLAS", "CKernels", "Seeding", "Validation"], swiftSettings: optimised),
        .target(name: "NeuralNets", dependencies: ["Tensors", "Seeding", "Validation"], swiftSettings: optimised),
        .target(name: "Editing", dependencies: ["Imaging", "Simulation", "Rendering", "Tensors", "NeuralNets", "Seeding", "Validation"],
                swiftSettings: optimised),
        .target(name: "Datasets", dependencies: [
            "Imaging", "Simulation", "Rendering", "Scenes", "Seeding", "Zarr", "Parquet", "Video", "Validation", "OutputFiles",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
        ]),
        .target(name: "ConfigurationFiles", dependencies: ["Validation", .product(name: "Yams", package: "Yams")]),
        .target(name: "Pipelines", dependencies: [
            "ConfigurationFiles", "Validation", "OutputFiles", .product(name: "Yams", package: "Yams"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: optimised),
        .target(name: "Policy", dependencies: [
            "ConfigurationFiles", "Datasets", "Imaging", "Simulation", "Tensors", "NeuralNets", "Seeding", "Validation", "OutputFiles",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: optimised),
        // Region masks of real frames from a small network trained on randomized-camera frames.
        .target(name: "Segmentation", dependencies: ["Imaging", "Rendering", "Simulation", "Tensors", "NeuralNets", "Seeding"],
                swiftSettings: optimised),
        // The application: pipeline stages, report building, evaluation, reference sets, the look bank's evaluation.
        .target(name: "Workflows", dependencies: [
            "Imaging", "Simulation", "Rendering", "Scenes", "Tensors", "NeuralNets", "Datasets", "Editing", "Policy", "Seeding", "Pipelines",
            "Segmentation", "Validation", "OutputFiles", .product(name: "Yams", package: "Yams"),
        ]),
        // The local web viewer of runs, datasets and references (read-only, served on 127.0.0.1).
        .target(name: "Viewer", dependencies: [
            "Datasets", "Imaging", "Simulation", "Pipelines", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "sim2real", dependencies: [
            "Workflows", "Viewer", "Validation", "Imaging", "Simulation", "Rendering", "Scenes", "Tensors", "NeuralNets", "Datasets", "Editing", "Policy",
            "Seeding", "Pipelines", "Zarr", "OutputFiles",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Shared test helpers (not a test target, so every test target can use them).
        .target(name: "TestSupport", dependencies: [
            "Pipelines", .product(name: "Numerics", package: "swift-numerics"),
        ], path: "Tests/TestSupport"),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "VideoTests", dependencies: ["Video", "Imaging", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SimulationTests", dependencies: ["Seeding", "Simulation", "Validation", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderingTests", dependencies: ["Seeding", "Rendering", "Scenes", "Simulation", "Imaging", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CameraLooksTests", dependencies: ["CameraLooks", "Scenes", "Rendering", "Simulation", "Imaging", "TestSupport"]),
        .testTarget(name: "TensorsTests", dependencies: ["Seeding", "Tensors", "CKernels", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuralNetsTests", dependencies: ["Seeding", "NeuralNets", "Tensors", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "EditingTests", dependencies: ["Seeding", "Editing", "Rendering", "Imaging", "Simulation", "NeuralNets", "Validation", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Scenes", "OutputFiles", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PolicyTests", dependencies: ["Seeding", "ConfigurationFiles", "Policy", "Validation", "Datasets", "NeuralNets", "Tensors", "Imaging", "Rendering", "OutputFiles",
                                                        "Simulation", "TestSupport"]),
        .testTarget(name: "DataExchangeTests", dependencies: ["Zarr", "Parquet", "Datasets", "Imaging", "Simulation", "Rendering", "Scenes",
                                                             "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Imaging", "Editing", "NeuralNets"]),
        .testTarget(name: "PipelinesTests", dependencies: ["Pipelines", "OutputFiles", "TestSupport"]),
        .testTarget(name: "OutputFilesTests", dependencies: ["OutputFiles", "TestSupport"]),
        .testTarget(name: "SegmentationTests", dependencies: ["Segmentation", "Rendering", "Imaging", "Simulation", "Tensors", "Seeding",
                                                           "TestSupport"]),
        // Property tests: mutated inputs through every loader give a clean error or a valid result.
        .testTarget(name: "RobustnessTests", dependencies: [
            "Workflows", "Pipelines", "ConfigurationFiles", "Policy", "Scenes", "Rendering", "Simulation", "NeuralNets", "Editing",
            "Imaging", "Zarr", "Datasets", "Validation", "Tensors", "Seeding", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "TestSupport"]),
        // Drives the page in headless Chromium (browser_check.py, run from the source tree, not a resource).
        .testTarget(name: "ViewerTests", dependencies: ["Viewer", "Workflows", "Pipelines", "Datasets", "Imaging", "TestSupport"],
                    exclude: ["browser_check.py"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Pipelines", "Datasets", "Policy", "Editing", "Imaging", "Seeding", "OutputFiles",
                                                           "Segmentation", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
