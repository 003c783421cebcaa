import Foundation
import JifenAnalyses
import JifenData
import JifenPolicy

extension JifenVersion {
    /// `jifen --version`: the program's version, the data built into it, and the data in use
    /// (its folder, where it came from, and the editions it holds with their dates in force).
    static func report() throws -> String {
        let home = try DataHome.current()
        var lines = [
            "jifen \(current)",
            "built-in data: fingerprint \(EmbeddedData.fingerprint), \(EmbeddedData.paths.count) files (datasets/, notebooks-md/)",
            "data in use:   \(home.summary)",
        ]
        let book = try Rulebook.load(directory: home.rules, cache: .commands)
        let editions = book.editions.sorted { $0.id < $1.id }
        lines.append("editions (in force from–to, verification):")
        for e in editions {
            let status = e.verification.split(separator: ":", maxSplits: 1).first.map(String.init) ?? e.verification
            lines.append("  \(e.id)  \(e.inForceFrom)–\(e.inForceTo.map(\.description) ?? "")  \(status)")
        }
        return lines.joined(separator: "\n")
    }
}
