extension Edition {
    /// This edition with the numbers at `values`' paths set, each cited as an assumed value set by
    /// path (its old value in the note), then checked by `violation()` like a decoded edition:
    /// the typed way for analyses (rule uncertainty, sensitivity) to vary rule values without
    /// writing and re-reading a rule book. A path that names no number of the edition is an error.
    ///
    /// Later values for the same path win. The result's id is `<id>+settings`.
    public func setting(_ values: [(path: ParameterPath, value: Double)]) throws -> Edition {
        var wanted: [String: Double] = [:]
        for (path, value) in values { wanted[path.description] = value }
        var found = Set<String>()
        var edited = self
        try edited.updateParameters { p in
            guard let value = wanted[p.path] else { return }
            guard value.isFinite else { throw InputError(file: file, key: p.path, "cannot be set to \(value): expected a finite number") }
            found.insert(p.path)
            let old = p.value
            p.value = value
            p.citation = Citation(source: Self.settingSource.id, clause: "\(p.path): \(JSON.format(old)) → \(JSON.format(value))",
                                  confidence: .assumed)
            p.range = value...value
            p.note = "set by path (was \(JSON.format(old)))"
        }
        if let missing = values.map(\.path.description).first(where: { !found.contains($0) }) {
            let hint = nearest(missing, in: parameters.map(\.path)).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError(file: file, key: missing, "\(id) has no rule value at this path\(hint)")
        }
        if let broken = edited.violation() { throw InputError(file: file, key: broken.path, broken.message) }
        if !found.isEmpty, edited.source(Self.settingSource.id) == nil { edited.sources.append(Self.settingSource) }
        edited.id = "\(id)+settings"
        edited.contentHash = ContentHash.sha256(contentHash + values.map { "\u{0}\($0.path)=\($0.value)" }.joined())
        return edited
    }

    /// This edition with the number at `path` set to `value` (see `setting(_:)`).
    public func setting(_ path: ParameterPath, to value: Double) throws -> Edition {
        try setting([(path, value)])
    }

    /// What values set by path cite.
    static let settingSource = Source(id: "setting", document: "Rule values set by path (an analysis, not a rule)", language: "en")

    /// The first constraint a rule value breaks, or nil: every number within the magnitude of
    /// rule values and inside its stated range (if it states one), and each indicator kind's own
    /// constraints. The
    /// decoder checks the same constraints where it reads each value, to point at its line.
    public func violation() -> RuleViolation? {
        for p in parameters {
            if let message = EditionDecoder.magnitudeViolation(p.value) { return RuleViolation(path: p.path, message: message) }
            if let range = p.range, !range.contains(p.value) {
                return RuleViolation(path: p.path, message: "the range [\(range.lowerBound), \(range.upperBound)] does not contain the value \(p.value)")
            }
        }
        for indicator in indicators {
            if let broken = indicator.kind.rule.violation() { return broken }
        }
        return nil
    }

    /// Calls `body` on every cited number, in the order of `parameters`.
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        if threshold != nil { try body(&threshold!) }
        if floor != nil { try body(&floor!) }
        for g in groups.indices where groups[g].cap != nil { try body(&groups[g].cap!) }
        for i in indicators.indices {
            try indicators[i].kind.updateParameters(body)
            if indicators[i].cap != nil { try body(&indicators[i].cap!) }
            try indicators[i].when.updateParameters(body)
        }
        for g in eligibility.indices { try eligibility[g].when.updateParameters(body) }
        for v in vetoes.indices where vetoes[v].windowYears != nil { try body(&vetoes[v].windowYears!) }
    }
}

extension IndicatorKind {
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        var edited = rule
        try edited.updateParameters(body)
        rule = edited
    }
}

extension [Predicate] {
    /// Calls `body` on every number the conditions compare against, nested `any` lists included.
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in indices {
            switch self[i] {
            case .any(var items):
                try items.updateParameters(body)
                self[i] = .any(items)
            case .compare(let path, let op, .number(var n)):
                try body(&n)
                self[i] = .compare(path, op, .number(n))
            case .compare:
                break
            }
        }
    }
}
