/// The GSL generator algorithm behind a simulation's random streams.
public enum GeneratorKind: String, Sendable, Codable, CaseIterable {
    case mt19937, taus2
}
