import JifenPolicy

/// Score cards as aligned text for applicants.
enum CardText {
    static func render(_ card: ScoreCard, showZeroLines: Bool = false) -> String {
        var out = "\(card.editionTitle)\n"
        out += "Edition 版本: \(card.edition)   evaluated on 评估日期: \(card.asOf)\(card.reform.map { "   reform 改革方案: \($0)" } ?? "")\n"
        out += "\(ScoreCard.disclaimer)\nRule book status 规则状态: \(card.verification)\n\n"
        var t = TextTable(["indicator 指标", "category 类别", "points 得分", "how 计算", "confidence 可信度", "source: clause 出处"],
                          rightAligned: [2])
        for line in card.lines where showZeroLines || line.points != 0 || line.note != nil && line.rawPoints != 0 {
            let name = [line.name, line.nameZh].compactMap { $0 }.joined(separator: " ")
            let how = line.detail + (line.note.map { "  (\($0))" } ?? "")
            let conf = line.confidence.rawValue + (line.assumptions.isEmpty ? "" : " ⚠")
            t.add([name, line.category, fmt(line.points), how, conf, "\(line.citation.source): \(line.citation.clause)"])
        }
        out += t.render()
        let cats = card.categories.map { "\($0.nameZh ?? $0.name) \(fmt($0.points))" }.joined(separator: " · ")
        out += "\nTotal 总分: \(fmt(card.total))   (\(cats))\n"
        out += "Threshold 分值线: \(fmt(card.threshold))   "
        if card.vetoed {
            out += "VETOED 一票否决: \(card.vetoReasons.joined(separator: "; "))\n"
        } else if card.eligible {
            out += "Eligible 符合申请条件: yes\n"
        } else {
            out += "Eligible 符合申请条件: no — \(card.ineligibleReasons.joined(separator: "; "))\n"
        }
        if !card.assumptions.isEmpty {
            out += "\n⚠ Assumed values used 使用了假设值 (no source states them; scores may differ):\n"
            for a in card.assumptions {
                let range = a.range.map { " range \(fmt($0.lowerBound))–\(fmt($0.upperBound))" } ?? ""
                out += "  - \(a.path) = \(fmt(a.value)) (\(a.confidence.rawValue)\(range))\(a.note.map { ": \($0)" } ?? "")\n"
            }
        }
        if !card.missing.isEmpty {
            out += "\nMissing inputs, treated as zero/none 缺失输入（按零计）: \(card.missing.joined(separator: ", "))\n"
        }
        if !card.tieBreakKeys.isEmpty {
            out += "Tie-break values 同分排序依据: " + zip(card.tieBreakKeys, card.tieBreakValues).map { "\($0) = \(fmt($1))" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
