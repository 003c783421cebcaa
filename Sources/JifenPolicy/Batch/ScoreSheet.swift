/// The `score-batch` CSV layout: per applicant the id, total, eligibility, the reason for
/// ineligibility, each top group's points and each indicator's points. Written as bytes straight
/// from the score columns; every number as `JSON.format` writes it.
public struct ScoreSheet: Sendable {
    public let edition: Edition
    let topGroups: [Int]

    public init(_ edition: Edition) {
        self.edition = edition
        topGroups = edition.groups.indices.filter { edition.groups[$0].parent == nil }
    }

    public var header: [String] {
        ["id", "total", "eligible", "vetoed", "reason"] + topGroups.map { "group:\(edition.groups[$0].id)" }
            + edition.indicators.map(\.id)
    }

    /// Why row `j` is not eligible, as a short code (gate id, `threshold`, or `veto:<id>`).
    public func reason(_ scores: ScoreColumns, _ j: Int) -> String {
        if scores.veto[j] >= 0 { return "veto:\(edition.vetoes[Int(scores.veto[j])].id)" }
        let g = Int(scores.failedGate[j])
        if g < 0 { return "" }
        return g == edition.eligibility.count ? "threshold" : edition.eligibility[g].id
    }

    /// Appends row `j` (without a line break).
    public func append(id: String, _ scores: ScoreColumns, _ j: Int, to out: inout [UInt8]) {
        out.append(contentsOf: CSV.escape(id).utf8)
        out.append(UInt8(ascii: ","))
        Self.append(scores.total[j], to: &out)
        out.append(contentsOf: (scores.isEligible(j) ? ",true," : ",false,").utf8)
        out.append(contentsOf: (scores.veto[j] >= 0 ? "true," : "false,").utf8)
        if scores.veto[j] >= 0 || scores.failedGate[j] >= 0 { out.append(contentsOf: CSV.escape(reason(scores, j)).utf8) }
        for g in topGroups {
            out.append(UInt8(ascii: ","))
            Self.append(scores.group[g][j], to: &out)
        }
        for i in scores.indicator.indices {
            out.append(UInt8(ascii: ","))
            Self.append(scores.indicator[i][j], to: &out)
        }
    }

    /// Appends every row of a chunk, each with its line break.
    public func append(ids: [String], _ scores: ScoreColumns, to out: inout [UInt8]) {
        for j in ids.indices {
            append(id: ids[j], scores, j, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// `JSON.format(d)` as bytes: whole numbers and numbers of at most two decimals (almost
    /// every point value) without making a string, anything else through `JSON.format`.
    public static func append(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        let r = (d * 1e6).rounded() / 1e6
        if r == r.rounded(), abs(r) < 1e15 {
            appendDigits(Int64(r), to: &out)
            return
        }
        // A value that is exactly the double nearest some c/100 prints as that decimal: no
        // shorter text reads back as it (neighbours differ by 0.01, far above its precision).
        if abs(r) < 1e13 {
            let c = Int64((r * 100).rounded())
            if Double(c) / 100 == r {
                if c < 0 { out.append(UInt8(ascii: "-")) }
                let m = c.magnitude
                appendDigits(Int64(m / 100), to: &out)
                out.append(UInt8(ascii: "."))
                let f = m % 100
                out.append(UInt8(ascii: "0") + UInt8(f / 10))
                if f % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(f % 10)) }
                return
            }
        }
        out.append(contentsOf: JSON.format(d).utf8)
    }

    /// A whole number in decimal, as bytes.
    public static func appendDigits(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[23 - n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                n += 1
            } while m > 0
            out.append(contentsOf: d[(24 - n)...])
        }
    }
}
