/// Turns a merged rule-book tree into an `Edition`, checking every rule of the format
/// (docs/rulebook-format.md): citations and confidences on every number, ranges on
/// assumptions, known input paths and levels, groups that exist.
struct EditionDecoder {
    let sources: [String: Source]
    /// The edition being decoded, whose sources must document it.
    let editionID: String
    /// The edition's own file: citations read from other files are inherited.
    let file: String
    /// Inherited values whose source does not document this edition.
    let flags = Flags()
    var districts: [String] = []

    /// What the decoder flags without rejecting the edition.
    final class Flags {
        var items: [String] = []
    }

    static let topKeys = ["id", "city", "title", "title_zh", "in_force", "extends", "place", "region", "districts",
                          "verification", "sources", "threshold", "floor", "groups", "indicators", "eligibility",
                          "vetoes", "tie_break", "at_cutoff", "rounding", "remove"]

    /// Decodes `tree`, whose citations name entries of `catalog` (the bibliography) or of the
    /// tree's own `sources:` (rules folders without a bibliography).
    static func decode(_ tree: Tree, file: String, hash: String, catalog: [Source]) throws -> Edition {
        let f = try tree.fields(topKeys)
        var all = catalog
        for (sid, t) in try f["sources"]?.entries() ?? [] {
            guard !all.contains(where: { $0.id == sid }) else { throw t.error("source '\(sid)' is already in the bibliography") }
            all.append(try Bibliography.entry(sid, t, complete: false))
        }
        var d = EditionDecoder(sources: Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                               editionID: try f.require("id").identifier(), file: file)
        let id = try f.require("id").identifier()
        let place = try f.require("place").identifier()
        d.districts = try f["districts"]?.list().map { try $0.identifier() } ?? []
        let inForce = try f.require("in_force").fields(["from", "to"])
        let verification = try f.require("verification").string()
        guard !verification.isEmpty else { throw try f.require("verification").error("say how far the values are verified") }

        var groups: [Group] = []
        for t in try f["groups"]?.list() ?? [] {
            let g = try t.fields(["id", "name", "name_zh", "parent", "combine", "cap", "cite", "note"])
            let gid = try g.require("id").identifier()
            let cite = try g["cite"].map(d.citation)
            let combine = try g["combine"]?.string() ?? "sum"
            guard combine == "sum" || combine == "max" else { throw try g.require("combine").error("expected sum or max") }
            groups.append(Group(id: gid, name: try g.require("name").string(), nameZh: try g["name_zh"]?.string(),
                                parent: try g["parent"]?.identifier(), combineMax: combine == "max",
                                cap: try g["cap"].map { try d.parameter($0, cite, path: "groups.\(gid).cap") },
                                citation: cite))
        }
        for g in groups {
            if let p = g.parent, !groups.contains(where: { $0.id == p }) {
                throw tree.error("group '\(g.id)' names parent '\(p)', which is not a group")
            }
        }
        try checkAcyclic(groups, tree: tree)

        var indicators: [Indicator] = []
        for t in try f.require("indicators").list() {
            let ind = try d.indicator(t)
            guard groups.contains(where: { $0.id == ind.group }) else {
                throw t.error("indicator '\(ind.id)' is in group '\(ind.group)', which is not declared under groups")
            }
            guard !indicators.contains(where: { $0.id == ind.id }) else { throw t.error("duplicate indicator id '\(ind.id)'") }
            indicators.append(ind)
        }

        var gates: [Gate] = []
        for t in try f["eligibility"]?.list() ?? [] {
            let g = try t.fields(["id", "rule", "when", "cite", "note"])
            let cite = try d.citation(g.require("cite"))
            let gid = try g.require("id").identifier()
            gates.append(Gate(id: gid, rule: try g.require("rule").string(),
                              when: try d.predicates(g.require("when"), cite, path: "eligibility.\(gid).when"), citation: cite))
        }
        var vetoes: [Veto] = []
        for t in try f["vetoes"]?.list() ?? [] {
            let v = try t.fields(["id", "rule", "kinds", "window_years", "cite", "note"])
            let cite = try d.citation(v.require("cite"))
            let vid = try v.require("id").identifier()
            vetoes.append(Veto(id: vid, rule: try v.require("rule").string(),
                               kinds: try v.require("kinds").list().map { try Profile.choice($0, ConductKind.self) },
                               windowYears: try v["window_years"].map { try d.parameter($0, cite, path: "vetoes.\(vid).window_years") },
                               citation: cite))
        }
        var tieBreak: [TieBreakKey] = []
        for t in try f["tie_break"]?.list() ?? [] {
            let k = try t.fields(["key", "order", "rule", "cite", "note"])
            let keyNode = try k.require("key")
            let text = try keyNode.string()
            let key: TieBreakKey.Key
            if text == "total" {
                key = .total
            } else if text.hasPrefix("input:") {
                key = .input(try d.inputPath(keyNode, String(text.dropFirst(6))).0)
            } else if text.hasPrefix("indicator:") {
                let iid = String(text.dropFirst(10))
                guard indicators.contains(where: { $0.id == iid }) else { throw keyNode.error("no indicator '\(iid)' in this edition") }
                key = .indicator(iid)
            } else if text.hasPrefix("group:") {
                let gid = String(text.dropFirst(6))
                guard groups.contains(where: { $0.id == gid }) else { throw keyNode.error("no group '\(gid)' in this edition") }
                key = .group(gid)
            } else {
                throw keyNode.error("expected total, input:<path>, indicator:<id> or group:<id>")
            }
            let order = try k["order"]?.string() ?? "desc"
            guard order == "asc" || order == "desc" else { throw try k.require("order").error("expected asc or desc") }
            tieBreak.append(TieBreakKey(key: key, descending: order == "desc", rule: try k["rule"]?.string(),
                                        citation: try k["cite"].map(d.citation)))
        }

        let thresholdNode = f["threshold"]
        var edition = Edition(
            id: id, city: try f.require("city").identifier(), title: try f.require("title").string(),
            titleZh: try f["title_zh"]?.string(), inForceFrom: try inForce.require("from").date(),
            inForceTo: try inForce["to"]?.date(), extends: try f["extends"]?.identifier(), place: place,
            region: try f["region"]?.list().map { try $0.identifier() } ?? [place], districts: d.districts,
            verification: verification, sources: [],
            threshold: try thresholdNode.map { try d.parameter($0, nil, path: "threshold") },
            floor: try f["floor"].map { try d.parameter($0, nil, path: "floor") },
            groups: groups, indicators: indicators, eligibility: gates, vetoes: vetoes, tieBreak: tieBreak,
            rounding: try f["rounding"].map { try d.rounding($0, groups: groups) }, file: file, contentHash: hash)
        if let t = f["at_cutoff"] {
            let c = try t.fields(["admit", "rule", "cite", "note"])
            let node = try c.require("admit")
            guard let admit = CutoffRule.Admit(rawValue: try node.string()) else {
                throw node.error("expected \(CutoffRule.Admit.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            edition.atCutoff = CutoffRule(admit: admit, rule: try c["rule"]?.string(), citation: try d.citation(c.require("cite")))
        }
        edition.flags = d.flags.items
        let cited = Set(edition.citations.map(\.source))
        edition.sources = all.filter { cited.contains($0.id) }
        if let to = edition.inForceTo, to <= edition.inForceFrom {
            throw try inForce.require("to").error("in_force.to (\(to)) must be after in_force.from (\(edition.inForceFrom))")
        }
        return edition
    }

    static func checkAcyclic(_ groups: [Group], tree: Tree) throws {
        for g in groups {
            var seen: Set<String> = [g.id]
            var p = g.parent
            while let pid = p {
                guard seen.insert(pid).inserted else { throw tree.error("groups form a cycle through '\(g.id)'") }
                p = groups.first { $0.id == pid }?.parent
            }
        }
    }

    // MARK: Citations and parameters

    func citation(_ t: Tree) throws -> Citation {
        let f = try t.fields(["source", "clause", "confidence", "note"])
        let sourceNode = try f.require("source")
        let id = try sourceNode.string()
        guard let source = sources[id] else {
            let hint = nearest(id, in: sources.keys).map { " (did you mean '\($0)'?)" } ?? ""
            throw sourceNode.error("unknown source \(excerpt(id))\(hint); cite an entry of the bibliography (sources.yaml)")
        }
        let conf = try f.require("confidence").string()
        guard let confidence = Confidence(rawValue: conf) else {
            throw try f.require("confidence").error("expected verbatim, paraphrased, inferred or assumed, found \(excerpt(conf))")
        }
        let clauseNode = try f.require("clause")
        let clause = try clauseNode.string()
        if !confidence.isAssumption, let covers = source.covers, !covers.contains(editionID) {
            // Kept unchanged from the edition it extends: flagged, for a reader to re-check.
            if t.file != file {
                let place = "\(t.file)\(t.line.map { ":\($0)" } ?? ""): \(t.path)"
                flags.items.append("\(place): inherited from another edition, cites '\(id)', which documents "
                    + "\(covers.isEmpty ? "no edition" : covers.joined(separator: ", ")), not \(editionID)")
                return Citation(source: id, clause: clause, confidence: confidence, note: try f["note"]?.string())
            }
            throw sourceNode.error("'\(id)' documents \(covers.isEmpty ? "no edition" : covers.joined(separator: ", ")), not \(editionID): "
                + "a value kept from another edition is inferred (with a range), or cites a source for this edition")
        }
        if confidence == .verbatim {
            if let language = source.language, language != "zh", clause.unicodeScalars.contains(where: Self.isHan) {
                throw clauseNode.error("a verbatim clause quotes its source in the source's own language, and '\(id)' is \(language): "
                    + "Chinese text here is not a quote (label it paraphrased, or quote the source's own words)")
            }
            if let other = sources.keys.sorted().first(where: { $0 != id && Self.mentions(clause, $0) }) {
                throw clauseNode.error("a verbatim clause quotes one source, '\(id)', but this one also names '\(other)': move that to the note")
            }
        }
        return Citation(source: id, clause: clause, confidence: confidence, note: try f["note"]?.string())
    }

    /// CJK ideographs: text a quote of a non-Chinese source cannot contain.
    static func isHan(_ u: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(u.value) || (0xF900...0xFAFF).contains(u.value) || (0x20000...0x2FA1F).contains(u.value)
    }

    /// True if `text` contains the id `word` on its own (not inside a longer name).
    /// The search runs on UTF-8 bytes (ids are ASCII); Foundation's `range(of:)` here was a
    /// twentieth of starting `jifen score`.
    static func mentions(_ text: String, _ word: String) -> Bool {
        let needle = Array(word.utf8), bytes = Array(text.utf8)
        guard let head = needle.first, needle.count <= bytes.count else { return false }
        func isWordChar(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ?? false }
        for i in 0...(bytes.count - needle.count) where bytes[i] == head && bytes[i..<(i + needle.count)].elementsEqual(needle) {
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: i)
            let end = text.utf8.index(start, offsetBy: needle.count)
            if !isWordChar(text[..<start].last) && !isWordChar(text[end...].first) { return true }
        }
        return false
    }

    /// The edition's `rounding`: places (a cited number), mode and the groups rounded whole.
    func rounding(_ t: Tree, groups: [Group]) throws -> Rounding {
        let f = try t.fields(["places", "mode", "whole_groups", "rule", "cite"])
        let cite = try citation(f.require("cite"))
        let places = try parameter(f.require("places"), cite, path: "rounding.places")
        guard places.value >= 0, places.value <= 6, places.value == places.value.rounded() else {
            throw try f.require("places").error("expected a whole number of decimal places from 0 to 6")
        }
        let modeNode = try f.require("mode")
        guard let mode = Rounding.Mode(rawValue: try modeNode.string()) else { throw modeNode.error("expected down or half_up") }
        var whole: [String] = []
        for n in try f["whole_groups"]?.list() ?? [] {
            let g = try n.identifier()
            guard groups.contains(where: { $0.id == g }) else { throw n.error("no group '\(g)' in this edition") }
            whole.append(g)
        }
        return Rounding(places: places, mode: mode, wholeGroups: whole, citation: cite, rule: try f.require("rule").string())
    }

    /// The largest magnitude a rule value may have: a billion, far above any points, months or
    /// yuan a published table uses, and small enough that no product of a value and a profile
    /// input overflows.
    static let magnitudeLimit = 1e9

    /// Why `value` cannot be a rule value, or nil.
    static func magnitudeViolation(_ value: Double) -> String? {
        abs(value) <= magnitudeLimit ? nil : "\(excerpt(String(value))) is beyond any rule value (at most 1e9 in magnitude); check the number"
    }

    /// A rule value, finite (as `Tree.double` reads it) and within `magnitudeLimit`.
    func ruleNumber(_ t: Tree) throws -> Double {
        let value = try t.double()
        if let message = Self.magnitudeViolation(value) { throw t.error(message) }
        return value
    }

    /// A number, plain (covered by `inherited`) or in full form with its own citation and range.
    func parameter(_ t: Tree, _ inherited: Citation?, path: String) throws -> Parameter {
        if case .map = t.value {
            let f = try t.fields(["value", "cite", "range", "note"])
            let valueNode = try f.require("value")
            let value = try ruleNumber(valueNode)
            guard let cite = try f["cite"].map(citation) ?? inherited else {
                throw valueNode.error("this number has no citation: add `cite: {source, clause, confidence}` here or on its indicator")
            }
            var range: ClosedRange<Double>?
            if let r = f["range"] {
                let bounds = try r.list().map { try ruleNumber($0) }
                guard bounds.count == 2, bounds[0] <= bounds[1] else { throw r.error("expected [low, high] with low <= high") }
                guard bounds[0] <= value, value <= bounds[1] else { throw r.error("the range [\(bounds[0]), \(bounds[1])] does not contain the value \(value)") }
                range = bounds[0]...bounds[1]
            }
            if cite.confidence.isAssumption && range == nil {
                throw valueNode.error("an \(cite.confidence.rawValue) value needs `range: [low, high]`")
            }
            return Parameter(value: value, citation: cite, range: range, note: try f["note"]?.string(), path: path)
        }
        let value = try ruleNumber(t)
        guard let cite = inherited else {
            throw t.error("this number has no citation: write it as {value: \(t.describeValue.trimmingCharacters(in: ["'"])), cite: {source, clause, confidence}} or add `cite:` to the enclosing item")
        }
        if cite.confidence.isAssumption {
            throw t.error("an \(cite.confidence.rawValue) value needs a range: write it as {value: ..., range: [low, high], note: ...}")
        }
        return Parameter(value: value, citation: cite, path: path)
    }

    // MARK: Inputs and predicates

    func inputPath(_ t: Tree, _ text: String) throws -> (InputPath, InputType) {
        guard let parsed = InputCatalog.parse(text) else {
            let hint = nearest(text, in: InputCatalog.allNames).map { " (did you mean '\($0)'?)" } ?? ""
            throw t.error("unknown input path \(excerpt(text))\(hint); see the Inputs table in docs/rulebook-format.md")
        }
        return parsed
    }

    /// An `input`: a path, or an expression computing a number from paths.
    func input(_ f: Fields) throws -> (InputPath, InputType) {
        let node = try f.require("input")
        if node.scalar == nil {
            return (.expression(try InputExpression.decode(node, path: inputPath)), .number)
        }
        return try inputPath(node, try node.string())
    }

    func checkLevel(_ t: Tree, _ level: String, _ type: InputType) throws {
        switch type {
        case .level(let names):
            guard names.contains(level) else {
                throw t.error("unknown level \(excerpt(level)); expected one of: \(names.joined(separator: ", "))")
            }
        case .district:
            guard districts.contains(level) else {
                throw t.error("unknown district \(excerpt(level)); this edition's districts are: \(districts.joined(separator: ", "))")
            }
        case .text: break
        default: throw t.error("this input is not categorical")
        }
    }

    /// `path` addresses the list as reforms do (`indicators.<id>.when`), so that a number in a
    /// condition can be set or perturbed like any other rule value.
    func predicates(_ t: Tree, _ cite: Citation?, path: String) throws -> [Predicate] {
        try t.list().enumerated().map { try predicate($1, cite, path: "\(path)[\($0)]") }
    }

    func predicate(_ t: Tree, _ cite: Citation?, path: String) throws -> Predicate {
        let ops = ComparisonOperator.allCases.map(\.rawValue)
        let f = try t.fields(["input", "any"] + ops)
        if let any = f["any"] {
            return .any(try predicates(any, cite, path: "\(path).any"))
        }
        let (input, type) = try self.input(f)
        let given = ops.filter { f.has($0) }
        guard given.count == 1, let op = ComparisonOperator(rawValue: given[0]), let operand = f[given[0]] else {
            throw t.error("a predicate needs exactly one of: \(ops.joined(separator: ", "))")
        }
        switch (op, type) {
        case (.exists, _):
            return .compare(input, op, .bool(try operand.bool()))
        case (_, .presence):
            throw operand.error("'\(input)' can only be tested with `exists`")
        case (.lt, .date), (.lte, .date), (.gt, .date), (.gte, .date):
            guard let cite else { throw operand.error("this date has no citation: add `cite:` to the enclosing item") }
            let day = try operand.date()
            return .compare(input, op, .number(Parameter(value: Double(day.ordinal), citation: cite, path: "\(path).\(op.rawValue)")))
        case (_, .date):
            throw operand.error("a date input takes lt, lte, gt or gte with a date")
        case (.in, .number), (.in, .bool):
            throw operand.error("`in` takes a list of levels or ids")
        case (.in, _):
            let names = try operand.list().map { ($0, try $0.string()) }
            for (n, s) in names { try checkLevel(n, s, type) }
            return .compare(input, op, .texts(names.map(\.1)))
        case (_, .number):
            return .compare(input, op, .number(try parameter(operand, cite, path: "\(path).\(op.rawValue)")))
        case (.eq, .bool), (.ne, .bool):
            return .compare(input, op, .bool(try operand.bool()))
        case (_, .bool):
            throw operand.error("a true/false input takes eq or ne")
        case (.eq, _), (.ne, _):
            let s = try operand.string()
            try checkLevel(operand, s, type)
            return .compare(input, op, .text(s))
        default:
            guard case .level = type else { throw operand.error("\(op.rawValue) needs an ordered input (a number or a level)") }
            let s = try operand.string()
            try checkLevel(operand, s, type)
            return .compare(input, op, .text(s))
        }
    }

    // MARK: Indicators

    static let commonKeys = ["id", "name", "name_zh", "group", "kind", "rule", "cite", "when", "cap", "note"]

    func indicator(_ t: Tree) throws -> Indicator {
        guard case .map(let pairs) = t.value, let kindNode = pairs.first(where: { $0.key == "kind" })?.value else {
            throw t.error("an indicator needs a `kind`: \(IndicatorRules.list)")
        }
        let kindName = try kindNode.string()
        guard let rule = IndicatorRules.named(kindName) else {
            throw kindNode.error("unknown kind \(excerpt(kindName)); expected \(IndicatorRules.list)")
        }
        let f = try t.fields(Self.commonKeys + rule.keys)
        let id = try f.require("id").identifier()
        let p = "indicators.\(id)"
        let cite = try f["cite"].map(citation)
        let kind = IndicatorKind(try rule.decode(IndicatorSource(node: t, fields: f, decoder: self, cite: cite, path: p)))
        guard let indicatorCite = cite ?? firstCitation(of: kind) else {
            throw t.error("indicator '\(id)' has no citation: add `cite: {source, clause, confidence}`")
        }
        return Indicator(id: id, name: try f.require("name").string(), nameZh: try f["name_zh"]?.string(),
                         group: try f.require("group").identifier(), rule: try f.require("rule").string(),
                         citation: indicatorCite, when: try f["when"].map { try predicates($0, cite, path: "\(p).when") } ?? [],
                         cap: try f["cap"].map { try parameter($0, cite, path: "\(p).cap") }, kind: kind)
    }

    func firstCitation(of kind: IndicatorKind) -> Citation? {
        kind.parameters.first?.citation
    }
}
