import Foundation
import JifenPolicy

/// Score cards as aligned text for applicants.
///
/// By default a card fits `width` columns: each indicator's calculation wraps in its column and its
/// citation follows on an indented line. `width: nil` (`--wide`) puts every line of the table on
/// one row, citations included, for wide terminals and for grepping.
enum CardText {
    /// The default width of text output, in terminal columns.
    static let defaultWidth = 100

    static func render(_ card: ScoreCard, showZeroLines: Bool = false, width: Int? = defaultWidth) -> String {
        let shown = card.lines.filter { showZeroLines || $0.points != 0 || $0.note != nil && $0.rawPoints != 0 }
        var out = paragraph(card.editionTitle, width)
        out += paragraph("Edition 版本: \(card.edition)   evaluated on 评估日期: \(card.asOf)\(card.reform.map { "   reform 改革方案: \($0)" } ?? "")", width)
        out += paragraph(ScoreCard.disclaimer, width)
        out += paragraph("Rule book status 规则状态: \(card.verification)", width) + "\n"
        if let width {
            out += narrowTable(shown, width: width)
        } else {
            var t = TextTable(["indicator 指标", "category 类别", "points 得分", "how 计算", "confidence 可信度", "source: clause 出处"],
                              rightAligned: [2])
            for line in shown {
                t.add([name(line), line.category, fmt(line.points), how(line), confidence(line), "\(line.citation.source): \(line.citation.clause)"])
            }
            out += t.render()
        }
        let cats = card.categories.map { "\($0.nameZh ?? $0.name) \(fmt($0.points))" }.joined(separator: " · ")
        out += "\n" + paragraph("Total 总分: \(fmt(card.total))   (\(cats))", width)
        var status = card.threshold.map { "Threshold 分值线: \(fmt($0))   " } ?? "No threshold 无分值线 (admission by ranking only 按积分排名)   "
        if card.vetoed {
            status += "VETOED 一票否决: \(card.vetoReasons.joined(separator: "; "))"
        } else if card.eligible {
            status += "Eligible 符合申请条件: yes"
        } else {
            status += "Eligible 符合申请条件: no"
        }
        out += paragraph(status, width)
        if !card.eligible && !card.vetoed {
            for reason in card.ineligibleReasons { out += paragraph("  - " + reason, width, indent: 4) }
        }
        if !card.assumptions.isEmpty {
            out += "\n" + paragraph("⚠ Assumed values used 使用了假设值 (no source states them; scores may differ):", width)
            for a in card.assumptions {
                let range = a.range.map { " range \(fmt($0.lowerBound))–\(fmt($0.upperBound))" } ?? ""
                out += paragraph("  - \(a.path) = \(fmt(a.value)) (\(a.confidence.rawValue)\(range))\(a.note.map { ": \($0)" } ?? "")", width, indent: 4)
            }
        }
        if !card.missing.isEmpty {
            out += "\n" + paragraph("Missing inputs, treated as zero/none 缺失输入（按零计）: \(card.missing.joined(separator: ", "))", width, indent: 2)
        }
        if !card.tieBreakKeys.isEmpty {
            out += paragraph("Tie-break values 同分排序依据: " + zip(card.tieBreakKeys, card.tieBreakValues).map { "\($0) = \(fmt($1))" }.joined(separator: ", "), width, indent: 2)
        }
        return out
    }

    static func name(_ line: ScoreLine) -> String { [line.name, line.nameZh].compactMap { $0 }.joined(separator: " ") }
    static func how(_ line: ScoreLine) -> String { line.detail + (line.note.map { "  (\($0))" } ?? "") }
    static func confidence(_ line: ScoreLine) -> String { line.confidence.rawValue + (line.assumptions.isEmpty ? "" : " ⚠") }

    /// Indicator, category and points in aligned columns, the calculation wrapped in the rest of
    /// the width, and the citation on the next line(s), indented.
    static func narrowTable(_ lines: [ScoreLine], width: Int) -> String {
        let header = ["indicator 指标", "category 类别", "points 得分"]
        var widths = header.map(displayWidth)
        for line in lines {
            for (i, cell) in [name(line), line.category, fmt(line.points)].enumerated() { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        // Long indicator names wrap within their column, so the calculation keeps its room.
        widths[0] = min(widths[0], maxNameWidth)
        let howColumn = widths.reduce(0, +) + 2 * widths.count
        let howWidth = max(24, width - howColumn)
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let spaces = String(repeating: " ", count: max(0, w - displayWidth(s)))
            return right ? spaces + s : s + spaces
        }
        var out = pad(header[0], widths[0]) + "  " + pad(header[1], widths[1]) + "  " + pad(header[2], widths[2], right: true) + "  how 计算\n"
        out += (widths + [min(howWidth, 24)]).map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for line in lines {
            let names = wrap(name(line), width: widths[0])
            let how = wrap(how(line), width: howWidth)
            for row in 0..<max(names.count, how.count) {
                let left = row == 0
                    ? pad(names[0], widths[0]) + "  " + pad(line.category, widths[1]) + "  " + pad(fmt(line.points), widths[2], right: true) + "  "
                    : pad(row < names.count ? names[row] : "", howColumn)
                out += trimmingTrailingSpace(left + (row < how.count ? how[row] : "")) + "\n"
            }
            let cite = "\(confidence(line)) · \(line.citation.source): \(line.citation.clause)"
            for part in wrap(cite, width: width - 4) { out += "    " + part + "\n" }
        }
        return out
    }

    /// The widest the indicator column gets in a 100-column card.
    static let maxNameWidth = 34

    /// `text` without its trailing white space (Unicode's White_Space, as the regular expression
    /// `\s+$` removes it), without starting ICU's regular-expression engine for each line of a card.
    static func trimmingTrailingSpace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// `text` wrapped to `width` (continuation lines indented by `indent`), or as one line when
    /// `width` is nil.
    static func paragraph(_ text: String, _ width: Int?, indent: Int = 0) -> String {
        guard let width else { return text + "\n" }
        let lines = wrap(text, width: width, continuationIndent: indent)
        return lines.joined(separator: "\n") + "\n"
    }
}
