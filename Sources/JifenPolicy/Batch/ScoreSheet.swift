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

    /// Writes row `j` (without a line break).
    public func write(id: String, _ scores: ScoreColumns, _ j: Int, to out: inout ByteWriter) {
        writeHead(id: id, scores, j, to: &out)
        for g in topGroups {
            out.byte(UInt8(ascii: ","))
            out.number(scores.group[g][j])
        }
        for i in scores.indicator.indices {
            out.byte(UInt8(ascii: ","))
            out.number(scores.indicator[i][j])
        }
    }

    /// Row `j` up to its reason: id, total, eligible, vetoed, reason.
    func writeHead(id: String, _ scores: ScoreColumns, _ j: Int, to out: inout ByteWriter) {
        out.csvField(id)
        out.byte(UInt8(ascii: ","))
        out.number(scores.total[j])
        let vetoed = scores.veto[j] >= 0
        if scores.isEligible(j) { out.ascii(",true,false,") } else { out.ascii(vetoed ? ",false,true," : ",false,false,") }
        if vetoed || scores.failedGate[j] >= 0 { out.csvField(reason(scores, j)) }
    }

    /// Every row of a chunk, each with its line break (the bytes `write` writes).
    public func rows(ids: [String], _ scores: ScoreColumns) -> [UInt8] {
        var ends: [UInt32]?
        return rows(ids: ids, scores, then: [], ends: &ends)
    }

    /// Every row of a chunk followed by the `then` columns (one value per row each), each row
    /// with its line break; when `ends` is given, the offset where each row's bytes end is put in it.
    public func rows(ids: [String], _ scores: ScoreColumns, then extra: [[Double]], ends: inout [UInt32]?) -> [UInt8] {
        let n = ids.count
        // The group, indicator and extra columns copied side by side into one buffer, so that a
        // row's numbers are read through one pointer rather than through nested arrays.
        let tail = topGroups.map { scores.group[$0] } + scores.indicator + extra
        if ends != nil { ends = []; ends?.reserveCapacity(n) }
        let numbers = UnsafeMutablePointer<Double>.allocate(capacity: max(1, tail.count * n))
        defer { numbers.deallocate() }
        for (c, column) in tail.enumerated() {
            column.withUnsafeBufferPointer { (numbers + c * n).update(from: $0.baseAddress!, count: n) }
        }
        var out = ByteWriter(capacity: n * 8 * (tail.count + 6))
        let fractions = FractionCache()
        for j in 0..<n {
            writeHead(id: ids[j], scores, j, to: &out)
            var p = numbers + j
            for _ in 0..<tail.count {
                out.byte(UInt8(ascii: ","))
                out.number(p.pointee, fractions: fractions)
                p += n
            }
            out.byte(UInt8(ascii: "\n"))
            ends?.append(UInt32(out.count))
        }
        return out.array
    }
}
