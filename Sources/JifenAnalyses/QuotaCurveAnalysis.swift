import JifenPolicy
import JifenSimulation
import JifenStore

/// The cutoff against the quota, every quota on the same pools.
public struct QuotaCurveRequest: Sendable {
    public var edition: Edition
    public var model: ForecastModel
    /// Quotas in increasing order (`QuotaCurveRequest.quotas(_:name:)`).
    public var quotas: [Int]
    /// Pool, replicates, seed, generator and threads, checked by the caller; the quota is the first.
    public var settings: SimulationSettings

    /// The most points on one curve.
    public static let maxQuotas = 10_000

    public init(edition: Edition, model: ForecastModel, quotas: [Int], settings: SimulationSettings) {
        self.edition = edition
        self.model = model
        self.quotas = quotas
        self.settings = settings
    }

    /// What a recorded quota curve used: seed, generator, the edition and the pool model file.
    public var runInputs: RunInputs {
        RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [edition], population: model.path)
    }

    /// The quotas `FROM:TO:STEP` names, at most `limit` of them; a malformed range is an
    /// `InputError` whose file is `name` (the option or parameter that carried it).
    public static func quotas(_ text: String, name: String, limit: Int = maxQuotas) throws -> [Int] {
        try QuotaRange(parsing: text, name: name).quotas(limit: limit, name: name)
    }
}

/// A quota curve set up from its request, before it runs.
public struct QuotaCurveAnalysis: Sendable {
    public let request: QuotaCurveRequest
    let forecast: Forecast
    /// What the band covers (the result of an empty run, for its sentences).
    let covers: SimulationReport

    /// Builds the simulation; a pool model that does not fit the edition is an `InputError`.
    public init(_ request: QuotaCurveRequest) throws {
        self.request = request
        forecast = Forecast(simulation: try request.model.simulation(request.edition), pools: request.model.uncertainty, rules: nil)
        var covers = SimulationReport(edition: request.edition.id, population: request.model.path,
                                      result: SimulationResult(settings: request.settings, outcomes: []),
                                      covers: SimulationReport.covers(forecast), notes: request.model.notes)
        covers.poolDrawn = forecast.drawsPoolSize
        self.covers = covers
    }

    /// Runs every replicate once and reads every quota off it; a run that cannot go ahead is a
    /// `SimulationError`.
    public func run() throws -> QuotaCurveResult {
        QuotaCurveResult(request: request, curve: try forecast.quotaCurve(quotas: request.quotas, request.settings), covers: covers)
    }
}

/// The cutoff's median and 5–95% band at each quota, with slopes.
public struct QuotaCurveResult: Sendable {
    public var request: QuotaCurveRequest
    public var curve: QuotaCurve
    /// The band's sentence, the notes, and whether the pool size is drawn.
    public var covers: SimulationReport

    /// The `quota-curve --format json` document (without the run id the command line adds),
    /// which is also the run's `summary` document.
    public var json: JSON {
        let list = curve.quotas, settings = request.settings
        return JSON.object([
            ("edition", .string(request.edition.id)), ("population", .string(request.model.path)), ("pool", .number(Double(settings.pool))),
            ("replicates", .number(Double(settings.replicates))), ("seed", .number(Double(settings.seed))),
            ("generator", .string(settings.generator.rawValue)),
            ("points", .array(list.indices.map { i in
                let s = curve.summary(at: i)
                return .object([("quota", .number(Double(list[i]))), ("median", .optional(s?.median)), ("mean", .optional(s?.mean)),
                                ("p05", .optional(s?.p05)), ("p95", .optional(s?.p95)),
                                ("unfilled", .bool(curve.isUnfilled(i))), ("unfilled_share", .number(curve.unfilledShare(at: i))),
                                ("slope_per_1000", .optional(i + 1 < list.count ? curve.slope(from: i, to: i + 1) : nil))])
            })),
            ("slope_per_1000", .optional(curve.filledSlope)),
            ("slope_definition", .string("change of the median cutoff per 1,000 places from the smallest to the largest filled quota; a quota larger than the eligible count in at least half of the pools is unfilled and left out")),
            ("interval", .string("p05/p95: quantiles of the per-replicate cutoffs across replicates; all quotas on the same pools. " + covers.bandSentence)),
            ("band_covers", .array(covers.covers.map { .string($0) })),
            ("notes", .array(covers.notes.map { .string($0) })),
            ("disclaimer", .string("Simulation, not an official result.")),
        ])
    }
}

extension QuotaCurveResult {
    /// What a recorded quota curve keeps: the JSON document as `summary`, the curve with p05/p95
    /// as lo/hi, the slope per segment, and each quota's per-replicate cutoffs.
    public var runResults: RunResults {
        let list = curve.quotas
        var results = RunResults()
        results.add(document: "summary", json)
        results.add(series: "quota_curve", points: list.indices.map { i in
            let s = curve.summary(at: i)
            return SeriesPoint(index: i, x: Double(list[i]), value: s?.median ?? .nan, lo: s?.p05, hi: s?.p95)
        })
        results.add(series: "slope_per_1000", points: list.indices.dropLast().map { i in
            SeriesPoint(index: i, x: Double(list[i]), value: curve.slope(from: i, to: i + 1) ?? .nan)
        })
        for i in list.indices { results.add(series: "cutoff_q\(list[i])", values: curve.cutoffs.map { $0[i] }) }
        return results
    }
}
