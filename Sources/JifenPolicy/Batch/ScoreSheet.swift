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
        if id.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            out.append(contentsOf: CSV.escape(id).utf8)
        } else {
            out.append(contentsOf: id.utf8)
        }
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

    /// `JSON.format(d)` as bytes, without making a string for |d| < 10⁹ (every point value).
    ///
    /// `JSON.format` rounds to 6 decimals and prints the shortest text that reads back as the
    /// result. Below 10⁹ a double's precision is finer than 10⁻⁶, so no two numbers of at most 6
    /// decimals are the same double: the shortest text is the 6-decimal one, trailing zeros cut.
    public static func append(_ d: Double, to out: inout [UInt8]) {
        // Small whole numbers (most points) are their own 6-decimal rounding.
        if abs(d) < 1e9 {
            let i = Int64(d)
            if Double(i) == d { appendDigits(i, to: &out); return }
        }
        guard d.isFinite, abs(d) < 1e9 else { out.append(contentsOf: JSON.format(d).utf8); return }
        let c = Int64(rounded(d * 1e6))
        if c < 0 { out.append(UInt8(ascii: "-")) }
        let m = c.magnitude
        appendDigits(Int64(m / 1_000_000), to: &out)
        var fraction = m % 1_000_000
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        var digits = 6
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        var scale: UInt64 = 1
        for _ in 1..<digits { scale *= 10 }
        while scale > 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / scale % 10))
            scale /= 10
        }
    }

    /// `x.rounded()` (halves away from zero) for |x| < 2^52 without the libm call, up to the
    /// sign of a zero result (which prints the same).
    @inline(__always)
    static func rounded(_ x: Double) -> Double {
        let t = Double(Int64(x))
        // The fraction x − t is exact.
        let f = x - t
        return f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
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
