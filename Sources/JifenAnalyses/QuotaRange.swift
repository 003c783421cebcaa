import JifenPolicy

/// Quotas `FROM:TO:STEP` (`--quotas 1000:5000:500`): every quota from FROM to TO in steps of STEP.
public struct QuotaRange: Hashable, Sendable {
    public let from: Int
    public let to: Int
    public let step: Int

    /// Parses `FROM:TO:STEP`; a malformed range is an `InputError` whose file is `name` (the
    /// option or parameter that carried it).
    public init(parsing text: String, name: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2], step > 0, from >= 1, to >= from else {
            throw InputError(file: name, "takes FROM:TO:STEP with 1 ≤ FROM ≤ TO and STEP > 0, e.g. 1000:5000:500; got \(excerpt(text))")
        }
        (self.from, self.to, self.step) = (from, to, step)
    }

    /// How many quotas the range names.
    public var count: Int { (to - from) / step + 1 }

    /// The quotas, at most `limit` of them; more is an `InputError` whose file is `name`.
    public func quotas(limit: Int, name: String) throws -> [Int] {
        guard (to - from) / step < limit else {
            throw InputError(file: name, "\(from):\(to):\(step) gives more than \(limit) quotas, the most one curve holds; use a larger STEP")
        }
        return Array(stride(from: from, through: to, by: step))
    }
}
