/// Bad input: one sentence naming the file, line and key, and what was expected.
///
/// Every loader in jifen reports problems with this type so that the command line can print
/// it as is and exit with status 2.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem is in, as the user named it.
    public var file: String
    /// 1-based line, where known.
    public var line: Int?
    /// The key or dotted field path at fault, where there is one.
    public var key: String?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// The one-line message, each part cut to a bounded length (`shortened`) so that no input,
    /// however large, is echoed in full.
    public var description: String {
        var place = InputError.shortened(file, 200)
        if let line { place += ":\(line)" }
        let text = InputError.shortened(message, 1000)
        if let key, !key.isEmpty { return "\(place): \(InputError.shortened(key, 120)): \(text)" }
        return "\(place): \(text)"
    }

    /// `text` cut to `limit` characters, newlines flattened, with "…" when cut.
    static func shortened(_ text: String, _ limit: Int) -> String {
        let flat = text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
public func nearest(_ name: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(name, candidate)
        if d <= max(2, name.count / 3), d < (best?.1 ?? .max) { best = (candidate, d) }
    }
    return best?.0
}

private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// A value as messages quote it: in single quotes, control characters escaped, and cut to its
/// first 40 characters (with "… (N characters)") so that a huge value never floods the terminal.
public func excerpt(_ value: String, limit: Int = 40) -> String {
    var out = "'"
    var shown = 0
    for scalar in value.unicodeScalars {
        if shown == limit {
            return out + "…' (\(value.count) characters)"
        }
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\u{%02x}", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
        shown += 1
    }
    return out + "'"
}
