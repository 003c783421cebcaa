/// The rule of one indicator kind as the rule book states it: how it is read from the file, which
/// cited numbers it holds, which constraints those numbers must meet, and what it compiles to.
///
/// Each kind lives in one file (`BandsRule.swift` …) with its compiled step, and is registered in
/// `IndicatorRules.all`: adding a kind touches that file, the registration and its tests.
protocol IndicatorRule: Sendable, Equatable {
    /// The `kind:` the rule book writes.
    static var kind: String { get }
    /// The keys this kind adds to an indicator's common keys.
    static var keys: [String] { get }
    /// Reads the kind's own fields.
    static func decode(_ source: IndicatorSource) throws -> Self
    /// Every cited number, in file order.
    var parameters: [Parameter] { get }
    /// Calls `body` on every cited number, in the order of `parameters`.
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows
    /// The first constraint its numbers break (a step that is not positive, bands out of order), or
    /// nil: the one check behind both the decoder and `Edition.setting(_:)`.
    func violation() -> RuleViolation?
    /// The most points it can give, before the indicator's cap; nil when unbounded.
    var mostPoints: Double? { get }
    /// True when it takes points away, so that its cap bounds it from below.
    var deducts: Bool { get }
    /// Its values in brief, each written by `value` (`rules show`).
    func summary(_ value: (Parameter) -> String) -> String
    /// The compiled step the compiled edition runs, registering the features it reads with `builder`.
    func compile(_ builder: inout CompiledEdition.Builder) -> any IndicatorStep
    /// Its cited numbers by role, for analyses that name or move them.
    var layout: IndicatorLayout { get }
}

extension IndicatorRule {
    var layout: IndicatorLayout { .values(parameters) }
    var mostPoints: Double? { nil }
    var deducts: Bool { false }

    func isSame(as other: any IndicatorRule) -> Bool {
        (other as? Self).map { $0 == self } ?? false
    }
}

/// The indicator kinds the rule-book format knows, in the order messages list them.
enum IndicatorRules {
    static var all: [any IndicatorRule.Type] {
        [TableRule.self, BandsRule.self, RateRule.self, StepsRule.self, FlagRule.self, AwardsRule.self, DeductionsRule.self,
         YearlyRule.self]
    }

    static func named(_ kind: String) -> (any IndicatorRule.Type)? {
        all.first { $0.kind == kind }
    }

    /// "table, bands, … or deductions".
    static var list: String {
        let names = all.map { $0.kind }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// A constraint broken by a rule value: where and what was expected.
public struct RuleViolation: Sendable, Equatable {
    /// The parameter path of the offending value.
    public var path: String
    public var message: String
}

/// The fields of one indicator being decoded, with the decoder that reads its numbers and inputs.
struct IndicatorSource {
    let node: Tree
    let fields: Fields
    let decoder: EditionDecoder
    /// The indicator's own citation, inherited by its numbers.
    let cite: Citation?
    /// `indicators.<id>`, the prefix of its parameter paths.
    let path: String

    func require(_ key: String) throws -> Tree { try fields.require(key) }
    subscript(_ key: String) -> Tree? { fields[key] }

    /// The number under `key`, cited to `cite` unless it carries its own citation.
    func parameter(_ node: Tree, _ cite: Citation?, _ suffix: String) throws -> Parameter {
        try decoder.parameter(node, cite, path: "\(path).\(suffix)")
    }

    func input() throws -> (InputPath, InputType) { try decoder.input(fields) }

    /// A numeric `input`, or an error naming what `kind` needs.
    func numericInput(_ need: String) throws -> InputPath {
        let (input, type) = try self.input()
        guard type == .number else { throw try require("input").error(need) }
        return input
    }
}

/// A read-only view of an indicator's cited numbers by role, for analyses that name or move them
/// (sensitivity). A kind without a view of its own shows its numbers as `.values`, so a new kind
/// needs nothing here to be analysed.
public enum IndicatorLayout: Sendable {
    case table(points: [(level: String, points: Parameter)])
    case bands([Band])
    case rate(tiers: [Tier], per: Parameter?, rateTable: RateTable?)
    case steps(start: Parameter, base: Parameter, step: Parameter, perStep: Parameter)
    case flag(points: Parameter)
    case awards(rules: [AwardRule], windowYears: Parameter?)
    case deductions(points: [(kind: ConductKind, points: Parameter)], windowYears: Parameter?,
                    windows: [(kind: ConductKind, years: Parameter)])
    case values([Parameter])
}
