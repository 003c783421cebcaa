import ArgumentParser
import JifenAnalyses
import JifenPolicy

extension Rules {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "What differs between two editions: values, indicators, gates, vetoes, tie-breaks, with both citations.",
            discussion: """
                Two editions of one city show what a revision changed; two cities' editions show how their \
                common indicators (matched by id) differ and what only one has.
                Example: jifen rules diff tianjin/2018 tianjin/2020
                """)
        @OptionGroup var rules: RulesOptions
        @Argument(help: "The earlier (or first) edition id.") var from: String
        @Argument(help: "The later (or second) edition id.") var to: String
        @Option(help: "text, json or csv") var format: OutputFormat = .text

        func run() throws {
            let diff = try rules.library().diff(from: from, to: to)
            switch format {
            case .text: try emit(text(diff))
            case .json: try emit(diff.json.serialized() + "\n")
            case .csv: try emit(csv(diff))
            }
        }

        func text(_ diff: EditionDiff) -> String {
            let a = diff.from.id, b = diff.to.id
            let counts = [EditionDiff.Change.changed, .relabelled, .added, .dropped].map { c in
                "\(diff.entries.filter { $0.change == c }.count) \(change(c))"
            }
            var out = "\(a) → \(b): " + counts.joined(separator: ", ")
            out += diff.acrossCities ? " (two cities: indicators are matched by id)\n" : "\n"
            func change(_ c: EditionDiff.Change) -> String {
                switch c {
                case .changed: return "changed"
                case .relabelled: return "relabelled"
                case .added: return diff.acrossCities ? "only in \(b)" : "added in \(b)"
                case .dropped: return diff.acrossCities ? "only in \(a)" : "dropped in \(b)"
                }
            }
            for entry in diff.entries {
                out += "\n\(change(entry.change))  \(entry.section.rawValue)  \(entry.key)\n"
                for (id, side) in [(a, entry.before), (b, entry.after)] {
                    out += "    \(id): " + (side.map(describe) ?? "—") + "\n"
                }
            }
            return out
        }

        func describe(_ side: EditionDiff.Side) -> String {
            var s = side.text
            if let c = side.citation {
                let range = side.range.map { ", range \(fmt($0.lowerBound))–\(fmt($0.upperBound))" } ?? ""
                s += "\n        [\(c.confidence.rawValue)\(range); \(c.source): \(c.clause)]"
            }
            return s
        }

        func csv(_ diff: EditionDiff) -> String {
            func cells(_ s: EditionDiff.Side?) -> [String] {
                [s?.text ?? "", s?.citation?.confidence.rawValue ?? "", s?.citation?.source ?? "", s?.citation?.clause ?? ""]
            }
            var out = CSV.row(["section", "key", "change", "before", "before_confidence", "before_source", "before_clause",
                               "after", "after_confidence", "after_source", "after_clause"])
            for e in diff.entries {
                out += CSV.row([e.section.rawValue, e.key, e.change.rawValue] + cells(e.before) + cells(e.after))
            }
            return out
        }
    }

    struct Matrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "matrix",
            abstract: "Indicators across editions in one table: the most points each can give, and how well sourced.",
            discussion: """
                By default the editions in force on --as-of, one per city. A cell reads '30 v': at most 30 points, \
                weakest confidence verbatim (v), paraphrased (p), inferred (i) or assumed (a); 'open' where nothing \
                bounds the points (an uncapped rate).
                Example: jifen rules matrix --editions tianjin/2016,tianjin/2018,tianjin/2020,tianjin/2022
                """)
        @OptionGroup var rules: RulesOptions
        @OptionGroup var date: DateOption
        @Option(help: "Comma-separated edition ids (default: those in force on --as-of).") var editions: String?
        @Flag(help: "Every edition, oldest first within each city.") var all = false
        @Option(help: "text, json or csv") var format: OutputFormat = .text

        func run() throws {
            let selection: MatrixSelection
            if all {
                selection = .all
            } else if let editions {
                selection = .named(editions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            } else {
                selection = .inForce(date.day())
            }
            let matrix = try rules.library().matrix(selection)
            switch format {
            case .text: try emit(text(matrix))
            case .json: try emit(matrix.json.serialized() + "\n")
            case .csv: try emit(csv(matrix))
            }
        }

        func short(_ cell: IndicatorMatrix.Cell?) -> String {
            guard let cell else { return "—" }
            return (cell.most.map(fmt) ?? "open") + " " + String(cell.confidence.rawValue.prefix(1))
        }

        func text(_ m: IndicatorMatrix) -> String {
            var table = TextTable(["indicator 指标"] + m.editions.map(\.id), rightAligned: Set(1...m.editions.count))
            for row in m.rows {
                table.add([[row.indicator, row.nameZh].compactMap { $0 }.joined(separator: " ")] + row.cells.map(short))
            }
            return table.render()
                + "Most points an indicator can give (negative: most deducted; open: unbounded); letter: weakest confidence\n"
                + "of its values, v verbatim, p paraphrased, i inferred, a assumed. Rows are matched by indicator id.\n"
        }

        func csv(_ m: IndicatorMatrix) -> String {
            var out = CSV.row(["indicator", "edition", "kind", "group", "most", "confidence", "assumed_values", "source", "rule"])
            for row in m.rows {
                for (e, cell) in zip(m.editions, row.cells) {
                    guard let cell else { continue }
                    out += CSV.row([row.indicator, e.id, cell.kind, cell.group, cell.most.map(fmt) ?? "", cell.confidence.rawValue,
                                    "\(cell.assumedValues)", cell.source, cell.rule])
                }
            }
            return out
        }
    }
}
