import JifenAnalyses
import JifenPolicy

/// The bibliography as `rules sources` shows it: each document with how many of the shipped
/// values and clauses cite it.
struct SourceList {
    struct Entry {
        var source: Source
        /// Cited numbers (points, rates, caps, thresholds, …).
        var values: Int
        /// Citations of any kind (items, gates, vetoes, numbers).
        var citations: Int
        var editions: [String]
    }

    var entries: [Entry]

    /// Every source of `sources`, counted over `editions` (the edition's own values, inherited
    /// ones included).
    init(sources: [Source], editions: [Edition]) {
        entries = sources.map { s in
            var values = 0, citations = 0
            var cited: [String] = []
            for e in editions {
                let v = e.parameters.filter { $0.citation.source == s.id }.count
                let c = e.citations.filter { $0.source == s.id }.count
                values += v
                citations += c
                if c > 0 { cited.append(e.id) }
            }
            return Entry(source: s, values: values, citations: citations, editions: cited)
        }
    }

    var json: JSON {
        .array(entries.map { e in
            guard case .object(var pairs) = e.source.json else { return e.source.json }
            pairs += [("values", .number(Double(e.values))), ("citations", .number(Double(e.citations))),
                      ("cited_by", .array(e.editions.map { .string($0) }))]
            return .object(pairs)
        })
    }

    var csv: String {
        var out = CSV.row(["id", "kind", "language", "title", "title_en", "issuer", "number", "published", "url", "commit",
                           "retrieved", "values", "citations", "cited_by"])
        for e in entries {
            let s = e.source
            out += CSV.row([s.id, s.kind?.rawValue ?? "", s.language ?? "", s.title ?? "", s.document, s.issuer ?? "",
                            s.number ?? "", s.published ?? "", s.url ?? s.site ?? "", s.commit ?? "", s.retrieved ?? "",
                            "\(e.values)", "\(e.citations)", e.editions.joined(separator: " ")])
        }
        return out
    }

    var text: String {
        var t = TextTable(["source 来源", "kind 类型", "values 数值", "citations 引用", "cited by 版本"], rightAligned: [2, 3])
        for e in entries {
            t.add([e.source.id, e.source.kind?.rawValue ?? "", "\(e.values)", "\(e.citations)", e.editions.joined(separator: ", ")])
        }
        var out = t.render() + "\n"
        for e in entries {
            out += "\(e.source.id): \(e.source.citationText)\n"
        }
        return out
    }
}

