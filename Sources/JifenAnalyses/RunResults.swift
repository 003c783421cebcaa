import JifenPolicy
import JifenStore

/// What a run produced, as the store keeps it: named JSON documents, numeric series, a sampled pool.
public struct RunResults: Sendable {
    public var documents: [RunDocument] = []
    public var series: [RunSeries] = []
    /// CSV with a header row.
    public var sampledPool: String?

    public init(documents: [RunDocument] = [], series: [RunSeries] = [], sampledPool: String? = nil) {
        self.documents = documents
        self.series = series
        self.sampledPool = sampledPool
    }

    /// Adds a document, serialised compactly (the same value always gives the same text).
    public mutating func add(document name: String, _ json: JSON) {
        documents.append(RunDocument(name: name, json: json.serialized(pretty: false)))
    }

    /// Adds a series of values indexed 0, 1, …; nil values are stored as "no number".
    public mutating func add(series name: String, values: [Double?]) {
        series.append(RunSeries(name: name, points: values.enumerated().map { SeriesPoint(index: $0.offset, value: $0.element ?? .nan) }))
    }

    /// Adds a series of points.
    public mutating func add(series name: String, points: [SeriesPoint]) {
        series.append(RunSeries(name: name, points: points))
    }
}
