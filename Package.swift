// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "jifen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jifen", targets: ["jifen"]),
        .library(name: "JifenIO", targets: ["JifenIO"]),
        .library(name: "JifenPolicy", targets: ["JifenPolicy"]),
        .library(name: "JifenSimulation", targets: ["JifenSimulation"]),
        .library(name: "JifenStore", targets: ["JifenStore"]),
        .library(name: "JifenAnalyses", targets: ["JifenAnalyses"]),
        .library(name: "JifenServer", targets: ["JifenServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The server's event-loop group (NIOPosix); for the route tests, an in-memory channel and a
        // logger for request contexts.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        // GSL, found through pkg-config (Debian: libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Input and output that knows nothing of rules: the JSON and CSV writers, the CSV
        // reader, strict numbers, bounded file reads, content hashes and the one-sentence
        // input error. JifenPolicy re-exports it, since its API speaks these types.
        .target(name: "JifenIO"),
        .target(
            name: "JifenPolicy",
            dependencies: ["JifenIO", .product(name: "Yams", package: "Yams")]
        ),
        // Random streams, order statistics, rank metrics and sensitivity estimators:
        // domain-free numerics on GSL, testable on their own.
        .target(name: "JifenStatistics", dependencies: ["CGSL"]),
        .target(
            name: "JifenSimulation",
            dependencies: ["JifenPolicy", "JifenStatistics", "CGSL", .product(name: "Yams", package: "Yams")]
        ),
        // The run store knows runs, not rules: it keeps what the commands hand it (and uses
        // JifenIO's JSON writer).
        .target(
            name: "JifenStore",
            dependencies: ["JifenIO", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The data folders (datasets/, notebooks-md/) compiled into the binary, and where a running
        // jifen finds its data: JIFEN_DATA, a checkout's datasets/, else that built-in copy.
        .executableTarget(name: "jifen-embed"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["jifen-embed"]),
        .target(name: "JifenData", dependencies: ["JifenPolicy"], plugins: ["EmbedData"]),
        .target(name: "JifenCharts"),
        // Executable markdown notebooks; commands run through an injected executor.
        .target(name: "JifenNotebook"),
        .target(
            name: "JifenCommands",
            dependencies: [
                "JifenPolicy", "JifenData", "JifenAnalyses", "JifenServer", "JifenStatistics", "JifenSimulation", "JifenStore", "JifenCharts", "JifenNotebook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What score, compare, plan, rank, simulate, quota-curve and rules do, with their JSON
        // documents and charts: the CLI and the server both call it.
        .target(name: "JifenAnalyses", dependencies: ["JifenPolicy", "JifenSimulation", "JifenCharts", "JifenStore"]),
        // `jifen serve`: the pages and the JSON API over JifenAnalyses (Hummingbird).
        .target(
            name: "JifenServer",
            dependencies: ["JifenAnalyses", "JifenPolicy", "JifenSimulation", "JifenStatistics", "JifenCharts", "JifenStore", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // Release builds on Linux are one static executable: the Swift runtime, Foundation, GSL,
        // SQLite and the C and C++ libraries are linked in, so a start maps no shared library and
        // resolves no symbol (docs/rule-cache.md; about a fifth of `jifen score`). The group lists
        // Foundation's static parts and the C++ library ICU needs, which refer to one another in
        // both directions.
        .executableTarget(
            name: "jifen", dependencies: ["JifenCommands"],
            linkerSettings: [.unsafeFlags([
                "-static-executable", "-Xlinker", "--start-group", "-lFoundation", "-lFoundationEssentials",
                "-lFoundationInternationalization", "-lCoreFoundation", "-l_FoundationCollections", "-l_FoundationCShims",
                "-l_FoundationICU", "-lstdc++", "-Xlinker", "--end-group",
            ], .when(platforms: [.linux], configuration: .release))]
        ),
        // Test-only child process: writes runs so JifenStoreTests can SIGKILL it mid-run.
        .executableTarget(name: "jifen-store-writer", dependencies: ["JifenStore"]),
        // libFuzzer target for the profile and CSV decoders; built with -sanitize=fuzzer (docs/fuzzing.md).
        .executableTarget(name: "jifen-fuzz", dependencies: ["JifenPolicy"]),
        .target(name: "JifenTestSupport", dependencies: ["JifenPolicy"]),
        .testTarget(name: "JifenIOTests", dependencies: ["JifenIO"]),
        .testTarget(name: "JifenPolicyTests", dependencies: ["JifenPolicy", "JifenTestSupport"]),
        .testTarget(name: "JifenStatisticsTests", dependencies: ["JifenStatistics"]),
        // Fixture files are read from disk through #filePath, not bundled.
        .testTarget(name: "JifenSimulationTests", dependencies: ["JifenSimulation", "JifenTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "JifenStoreTests", dependencies: ["JifenStore", "JifenIO", "JifenPolicy", "JifenTestSupport"]),
        // The fuzz corpus is read from disk through #filePath, not bundled.
        .testTarget(name: "JifenCommandsTests", dependencies: ["JifenCommands", "JifenTestSupport"], exclude: ["FuzzCorpus"]),
        .testTarget(name: "JifenChartsTests", dependencies: ["JifenCharts"]),
        .testTarget(name: "JifenNotebookTests", dependencies: ["JifenNotebook"]),
        .testTarget(
            name: "JifenServerTests",
            dependencies: [
                "JifenServer", "JifenAnalyses", "JifenStore", "JifenTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
