import JifenPolicy
import JifenSimulation
import JifenStatistics

/// Monte Carlo pools of applicants under one edition: the cutoff score for a quota.
public struct SimulateRequest: Sendable {
    /// The edition as published (rule-uncertainty ranges are read from it).
    public var published: Edition
    /// The edition simulated: `published`, or reformed.
    public var edition: Edition
    public var model: ForecastModel
    /// Checked against their bounds by the caller (`SimulationSettings.validate`).
    public var settings: SimulationSettings
    /// Also draw every inferred or assumed rule value from its range per group of replicates.
    public var ruleUncertainty: Bool
    /// The reform's file name, for rule-uncertainty notes; nil without a reform.
    public var reformFile: String?
    /// Also draw replicate 0's pool with every attribute, as score-batch CSV dated this day.
    public var poolAsOf: Day?

    public init(published: Edition, edition: Edition? = nil, model: ForecastModel, settings: SimulationSettings,
                ruleUncertainty: Bool = false, reformFile: String? = nil, poolAsOf: Day? = nil) {
        self.published = published
        self.edition = edition ?? published
        self.model = model
        self.settings = settings
        self.ruleUncertainty = ruleUncertainty
        self.reformFile = reformFile
        self.poolAsOf = poolAsOf
    }
}

/// A simulation set up from its request: what the run will draw, before it runs.
public struct SimulateAnalysis: Sendable {
    public let request: SimulateRequest
    public let simulation: Simulation
    public let forecast: Forecast
    let rules: RuleUncertainty?

    /// Builds the simulation; a pool model that does not fit the edition is an `InputError`.
    public init(_ request: SimulateRequest, book: Rulebook) throws {
        self.request = request
        simulation = try request.model.simulation(request.edition)
        let reformed = request.edition.id != request.published.id
        rules = request.ruleUncertainty
            ? RuleUncertainty(edition: request.published, reformed: request.edition) : nil
        forecast = Forecast(simulation: simulation, pools: request.model.uncertainty, rules: rules, reformed: reformed)
    }

    /// Runs every replicate; a run that cannot go ahead is a `SimulationError`.
    public func run() throws -> SimulateResult {
        let settings = request.settings, model = request.model
        let run = try forecast.run(settings)
        var sampled: String?
        if let asOf = request.poolAsOf {
            // Replicate 0's pool itself (its model, its stream), then the attributes the
            // edition does not read from a stream of their own, so the rows are complete.
            let drawn = try model.uncertainty?.model(group: 0, settings) ?? model.model
            let generator = try PoolGenerator(model: drawn, compiled: simulation.scorer.compiled)
            var buffers = PoolGenerator.Buffers(generator: generator, count: model.uncertainty == nil ? settings.pool : drawn.pool ?? settings.pool)
            generator.generate(into: &buffers, from: RandomStream(kind: settings.generator, seed: settings.seed, stream: 0))
            generator.complete(&buffers, from: RandomStream(kind: settings.generator, seed: settings.seed, stream: PoolExport.completionStream))
            sampled = PoolExport.csv(buffers, generator: generator, asOf: asOf)
        }
        var report = SimulationReport(edition: request.edition.id, population: model.path, result: run.result,
                                      covers: SimulationReport.covers(forecast), split: run.split, notes: model.notes)
        report.poolDrawn = forecast.drawsPoolSize
        return SimulateResult(report: report, sampledPool: sampled)
    }

    /// Replicate 0's pool drawn again (same stream, so the same applicants as the run): every
    /// applicant's total, whether admitted, and that pool's cutoff.
    public func firstPool() -> (scores: [Double], admitted: [Bool], cutoff: Double?) {
        let settings = request.settings
        var w = Simulation.Workspace(simulation, count: settings.pool)
        simulation.drawAndScore(0, settings, &w)
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let round = Selection.admit(w.standings, quota: settings.quota, scratch: &scratch, admitted: &admitted)
        return (w.standings.total, admitted, round.cutoff)
    }

    /// With rule uncertainty: every pool's cutoff with the rules as stated against the rules
    /// drawn from their ranges (a second run); nil without.
    public func ruleSpread() throws -> VarianceSplit? {
        guard let rules else { return nil }
        let reformed = request.edition.id == request.published.id ? nil : request.edition
        return try rules.run(model: request.model.model, reformed: reformed, request.settings)
    }
}

/// What a simulation found.
public struct SimulateResult: Sendable {
    public var report: SimulationReport
    /// Replicate 0's pool as score-batch CSV, when asked for.
    public var sampledPool: String?

    /// The `simulate --format json` document (without the run id the command line adds).
    public var json: JSON { report.json }
}
