/// A number an indicator or predicate reads, computed from profile values by rule-book data
/// (rulebook-format.md, Input expressions): the smaller of two inputs, a sum, a count less another, the
/// first input the profile gives, or the months of a count inside a dated window.
public indirect enum InputExpression: Sendable, Hashable, CustomStringConvertible {
    /// A numeric profile input.
    case path(InputPath)
    /// `min_of: [a, b, …]`.
    case minimum([InputExpression])
    /// `sum_of: [a, b, …]`.
    case total([InputExpression])
    /// `minus: [a, b]`: a − b, at least 0.
    case difference(InputExpression, InputExpression)
    /// `first_given: [a, b, …]`: the first the profile gives; the last one otherwise.
    case firstGiven([InputExpression])
    /// `months_of: a, from: DATE, to: DATE`: the months of a month count that fall in [from, to).
    case window(InputExpression, from: Day?, to: Day?)

    public var description: String {
        switch self {
        case .path(let p): return p.description
        case .minimum(let parts): return Self.written("min_of", parts)
        case .total(let parts): return Self.written("sum_of", parts)
        case .difference(let a, let b): return Self.written("minus", [a, b])
        case .firstGiven(let parts): return Self.written("first_given", parts)
        case .window(let inner, let from, let to): return Self.written(window: inner, from: from, to: to)
        }
    }

    /// `name(a, b, …)`: how an expression is written, here and by the compiled feature it becomes.
    static func written(_ name: String, _ parts: [some CustomStringConvertible]) -> String {
        "\(name)(\(parts.map(\.description).joined(separator: ", ")))"
    }

    /// `months_of(a, from DATE, to DATE)`.
    static func written(window inner: some CustomStringConvertible, from: Day?, to: Day?) -> String {
        "months_of(\(inner)\(from.map { ", from \($0)" } ?? "")\(to.map { ", to \($0)" } ?? ""))"
    }

    static let operators = ["min_of", "sum_of", "minus", "first_given", "months_of"]

    /// Reads an expression: a numeric input path, or a mapping with one operator.
    static func decode(_ t: Tree, path: (Tree, String) throws -> (InputPath, InputType)) throws -> InputExpression {
        if t.scalar != nil {
            let (input, type) = try path(t, try t.string())
            guard type == .number else { throw t.error("an input expression combines numeric inputs; '\(input)' is not a number") }
            return .path(input)
        }
        let f = try t.fields(operators + ["from", "to"])
        let given = operators.filter { f.has($0) }
        guard given.count == 1, let op = f[given[0]] else {
            throw t.error("an input expression needs exactly one of: \(operators.joined(separator: ", "))")
        }
        if given[0] != "months_of", let extra = f["from"] ?? f["to"] {
            throw extra.error("`from` and `to` belong to months_of")
        }
        func operands(_ count: ClosedRange<Int>) throws -> [InputExpression] {
            let items = try op.list()
            guard count.contains(items.count) else {
                let need = count.upperBound == count.lowerBound ? "exactly \(count.lowerBound)" : "at least \(count.lowerBound)"
                throw op.error("\(given[0]) takes \(need) inputs, found \(items.count)")
            }
            return try items.map { try decode($0, path: path) }
        }
        switch given[0] {
        case "min_of": return .minimum(try operands(2...Int.max))
        case "sum_of": return .total(try operands(2...Int.max))
        case "minus":
            let pair = try operands(2...2)
            return .difference(pair[0], pair[1])
        case "first_given": return .firstGiven(try operands(2...Int.max))
        default:
            let from = try f["from"]?.date(), to = try f["to"]?.date()
            guard from != nil || to != nil else { throw t.error("months_of needs `from`, `to` or both") }
            if let from, let to, from >= to, let node = f["to"] { throw node.error("`to` (\(to)) must be after `from` (\(from))") }
            return .window(try decode(op, path: path), from: from, to: to)
        }
    }
}
