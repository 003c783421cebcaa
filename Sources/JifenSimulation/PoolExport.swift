import JifenPolicy

/// A drawn pool as CSV in the `score-batch` layout: `id`, `as_of` (the evaluation date the ages
/// and dates were written for, the same on every row), then profile dotted paths, then `awards`
/// and `conduct` as JSON arrays, so pandas, R or `jifen score-batch` can read it back and
/// `score-batch` and `rank` evaluate it on the same date. Every attribute of the model is written.
public enum PoolExport {
    /// The stream of the run seed the attributes an edition does not read are drawn from when a
    /// simulated pool is exported (pools use 0, 1, …; rule values 2⁴⁰ + r; designs 2⁴¹; pool
    /// parameters 2⁴² + g).
    public static let completionStream: UInt64 = 1 << 43

    /// The pool in `buffers`, dated on `asOf` (ages become birth dates, home months a purchase
    /// date, events dates within the last year, one distinct day each).
    public static func csv(_ b: PoolGenerator.Buffers, generator: PoolGenerator, asOf: Day) -> String {
        let model = generator.model
        var header = ["id", ApplicantReader.dateColumn]
        for a in model.attributes {
            switch a.path {
            case "age": header.append("birth_date")
            case let p where p.hasSuffix(".home.owned"): header.append(p.replacingOccurrences(of: ".owned", with: ".off_plan"))
            case let p where p.hasSuffix(".home.months"): header.append(p.replacingOccurrences(of: ".months", with: ".since"))
            default: header.append(a.path)
            }
        }
        header += ["awards", "conduct"]
        // Events by applicant, in class order.
        var awards = [[Int]](repeating: [], count: b.count), conduct = [[Int]](repeating: [], count: b.count)
        for (c, list) in b.awardEvents.enumerated() { for j in list { awards[Int(j)].append(c) } }
        for (c, list) in b.conductEvents.enumerated() { for j in list { conduct[Int(j)].append(c) } }
        var out = CSV.row(header)
        for j in 0..<b.count {
            var row = ["a\(j + 1)", asOf.description]
            for (i, a) in model.attributes.enumerated() {
                let x = b.attributes[i][j]
                var cell: String
                switch a.marginal {
                case .categorical(let outcomes): cell = x < 0 ? "" : outcomes[Int(x)].name
                case .bernoulli: cell = x != 0 ? "true" : "false"
                default: cell = JSON.format(x)
                }
                if let w = a.when, let k = model.attributes.firstIndex(where: { $0.path == w }), b.attributes[k][j] == 0 { cell = "" }
                if let u = a.unless, let k = model.attributes.firstIndex(where: { $0.path == u }), b.attributes[k][j] != 0 { cell = "" }
                switch a.path {
                case "age": cell = asOf.adding(months: -(12 * Int(x) + 6)).description
                // A home is written as present (not off-compiled) or left out.
                case let p where p.hasSuffix(".home.owned"): cell = x != 0 ? "false" : ""
                case let p where p.hasSuffix(".home.months"): if !cell.isEmpty { cell = asOf.adding(months: -Int(x)).description }
                default: break
                }
                row.append(cell)
            }
            row.append(events(awards[j], asOf) { c in
                let e = model.awards[c]
                var fields = [("kind", JSON.string(e.kind))]
                if let l = e.level { fields.append(("level", .string(l.rawValue))) }
                if let g = e.grade { fields.append(("grade", .string(g.rawValue))) }
                if let r = e.rank { fields.append(("rank", .number(Double(r)))) }
                if let cc = e.contestClass { fields.append(("contest_class", .number(Double(cc)))) }
                return fields
            })
            row.append(events(conduct[j], asOf) { c in
                [("kind", .string(model.conduct[c].kind)), ("place", .string(model.places[0]))]
            })
            out += CSV.row(row)
        }
        return out
    }

    static func events(_ classes: [Int], _ asOf: Day, _ fields: (Int) -> [(String, JSON)]) -> String {
        JSON.array(classes.enumerated().map { k, c in
            .object(fields(c) + [("date", .string(asOf.adding(months: -(k % 11) - 1).description))])
        }).serialized(pretty: false)
    }
}
