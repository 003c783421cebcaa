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

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let key, !key.isEmpty { return "\(place): \(key): \(message)" }
        return "\(place): \(message)"
    }
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
func nearest(_ name: String, in candidates: some Sequence<String>) -> String? {
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
