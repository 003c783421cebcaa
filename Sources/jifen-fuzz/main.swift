// A libFuzzer target for jifen's profile decoders (YAML or JSON) and its applicant-CSV decoder.
// Built only with `-sanitize=fuzzer,address -parse-as-library` (docs/fuzzing.md); a plain build
// gives an executable that does nothing. Not shipped to users.
import Foundation
import JifenPolicy

/// Which decoder the inputs go to: `JIFEN_FUZZ=profile` (the default) or `JIFEN_FUZZ=csv`.
enum FuzzedDecoder {
    case profile, csv

    static let chosen: FuzzedDecoder = ProcessInfo.processInfo.environment["JIFEN_FUZZ"] == "csv" ? .csv : .profile
}

/// Tianjin's 2018 edition from the repository's rule books, compiled once, to score what decodes.
let scorer: Scorer = {
    let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/rules")
    do {
        return Scorer(try Rulebook.load(directory: rules).edition("tianjin/2018"))
    } catch {
        fatalError("the rule books at \(rules.path) do not load: \(error)")
    }
}()

let asOf = Day("2026-01-01")!

/// Anything but a valid result or a one-line `InputError` is a finding: trap so libFuzzer saves it.
func expectOneLine(_ body: () throws -> Void) {
    do {
        try body()
    } catch let error as InputError {
        let line = error.description
        if line.contains("\n") || line.count > 1_400 { fatalError("an error of more than one bounded line: \(line.prefix(200))") }
    } catch {
        fatalError("not an InputError: \(error)")
    }
}

func requireFinite(_ card: ScoreCard) {
    if !card.total.isFinite || card.lines.contains(where: { !$0.points.isFinite }) { fatalError("a non-finite score") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    // Inputs are read as the commands read files: bytes that are not UTF-8 are refused before decoding.
    guard let text = String(bytes: UnsafeBufferPointer(start: bytes, count: count), encoding: .utf8) else { return 0 }
    switch FuzzedDecoder.chosen {
    case .profile:
        expectOneLine {
            let profile = try Profile.decode(try Tree.parse(text, file: "fuzz.yaml"), today: asOf)
            requireFinite(try scorer.score(profile, asOf: asOf))
        }
    case .csv:
        expectOneLine {
            let sheet = try ProfileCSV(text, file: "fuzz.csv", today: asOf)
            for j in 0..<sheet.count {
                let row = try sheet.applicant(j)
                if (row.profile.birthDate ?? asOf) <= asOf { requireFinite(try scorer.score(row.profile, asOf: asOf)) }
            }
        }
    }
    return 0
}
