import Foundation

/// Locations of the repository's shipped data, for tests.
public enum Fixtures {
    /// The package root, found from this source file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `datasets/` under the package root.
    public static var datasets: URL { packageRoot.appendingPathComponent("datasets") }
}
