import Foundation
import JifenIO

/// The text formats `jifen runs export` writes.
public enum RunExportFormat: String, Sendable, CaseIterable {
    /// One row per series point: `run_id,series,index,x,value,lo,hi` (`pandas.read_csv`).
    case csv
    /// The whole run as one JSON object (`json.load`, then `pandas.json_normalize`).
    case json
}

/// Renders a stored run as CSV or JSON, byte-identical for identical stored runs.
enum RunExport {
    static func csv(_ run: StoredRun) -> String {
        var lines = ["run_id,series,index,x,value,lo,hi"]
        for series in run.series {
            for point in series.points {
                let fields = [
                    run.record.id.description, CSVText.field(series.name), String(point.index),
                    CSVText.number(point.x), CSVText.number(point.value), CSVText.number(point.lo),
                    CSVText.number(point.hi),
                ]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ run: StoredRun) -> String {
        let record = run.record
        let start = record.start
        let editions = start.editions.map { edition in
            "    {\"id\": \(JSONText.quoted(edition.id)), \"hash\": \(JSONText.quoted(edition.hash))}"
        }
        let documents = run.documents.map { document in
            "    \(JSONText.quoted(document.name)): \(document.json.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        let series = run.series.map { series in
            let points = series.points.map { point in
                "      {\"index\": \(point.index), \"x\": \(JSONText.number(point.x)), "
                    + "\"value\": \(JSONText.number(point.value)), \"lo\": \(JSONText.number(point.lo)), "
                    + "\"hi\": \(JSONText.number(point.hi))}"
            }
            return "    {\"name\": \(JSONText.quoted(series.name)), \"points\": [\n"
                + points.joined(separator: ",\n") + "\n    ]}"
        }
        let pool = run.sampledPool.map { csv in
            "{\"rows\": \(CSVText.dataRowCount(csv)), \"csv\": \(JSONText.quoted(csv))}"
        } ?? "null"
        let members = [
            "\"id\": \(record.id.rawValue)",
            "\"command\": \(JSONText.quoted(start.command))",
            "\"arguments\": [" + start.arguments.map(JSONText.quoted).joined(separator: ", ") + "]",
            "\"seed\": \(start.seed.map { String($0) } ?? "null")",
            "\"generator\": \(JSONText.optional(start.generator))",
            "\"editions\": " + block(editions, open: "[", close: "]"),
            "\"reform_hash\": \(JSONText.optional(start.reformHash))",
            "\"population_hash\": \(JSONText.optional(start.populationHash))",
            "\"version\": \(JSONText.quoted(start.version))",
            "\"started\": \(JSONText.quoted(StoredTimestamp.text(start.started)))",
            "\"finished\": \(JSONText.optional(record.finished.map(StoredTimestamp.text)))",
            "\"status\": \(JSONText.quoted(record.status.rawValue))",
            "\"process_id\": \(record.processID.map { String($0) } ?? "null")",
            "\"host\": \(JSONText.optional(record.host))",
            "\"note\": \(JSONText.optional(start.note))",
            "\"documents\": " + block(documents, open: "{", close: "}"),
            "\"series\": " + block(series, open: "[", close: "]"),
            "\"sampled_pool\": \(pool)",
        ]
        return "{\n" + members.map { "  " + $0 }.joined(separator: ",\n") + "\n}\n"
    }

    private static func block(_ items: [String], open: String, close: String) -> String {
        items.isEmpty ? open + close : open + "\n" + items.joined(separator: ",\n") + "\n  " + close
    }
}

/// JSON scalars written by hand, so documents can be spliced in verbatim and output stays stable.
enum JSONText {
    static func quoted(_ text: String) -> String { JSON.quoted(text) }

    static func optional(_ text: String?) -> String {
        text.map(quoted) ?? "null"
    }

    /// JSON has no NaN or infinity: non-finite numbers and absent ones are `null`.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }
}

/// RFC 4180 CSV pieces.
enum CSVText {
    static func field(_ text: String) -> String { CSV.escape(text) }

    /// Empty for absent and NaN values (pandas reads NaN); `inf`/`-inf` for infinities.
    static func number(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "" }
        return "\(value)"
    }

    /// Records after the header row, counting quoted line breaks as part of their field.
    static func dataRowCount(_ csv: String) -> Int {
        var records = 0
        var inQuotes = false
        var recordHasContent = false
        for scalar in csv.unicodeScalars {
            switch scalar {
            case "\"":
                inQuotes.toggle()
                recordHasContent = true
            case "\n" where !inQuotes:
                if recordHasContent { records += 1 }
                recordHasContent = false
            case "\r" where !inQuotes:
                break
            default:
                recordHasContent = true
            }
        }
        if recordHasContent { records += 1 }
        return max(records - 1, 0)
    }
}
