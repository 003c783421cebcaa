import JifenPolicy

/// A posterior as `calibrate` prints it: targets with their noise, generations, and each
/// parameter's posterior against its prior.
public struct PosteriorReport: Sendable {
    public var fit: PosteriorFit
    public var edition: String
    public var population: String

    public init(fit: PosteriorFit, edition: String, population: String) {
        self.fit = fit
        self.edition = edition
        self.population = population
    }

    static func r(_ d: Double, _ places: Double = 100) -> Double { (d * places).rounded() / places }

    public var json: JSON {
        let p = fit.posterior, v = p.provenance
        return .object([
            ("edition", .string(edition)), ("population", .string(population)), ("method", .string("abc-smc")),
            ("seed", .number(Double(v.seed))), ("replicates", .number(Double(v.replicates))),
            ("particles", .number(Double(p.particles.count))), ("evaluations", .number(Double(v.evaluations))),
            ("targets", .array(v.measures.indices.map { i in
                .object([("measure", .string(v.measures[i].name)), ("target", .number(v.measures[i].target)),
                         ("noise_sd", .number(v.measures[i].sd)),
                         ("simulated", .optional(i < fit.closest.count ? fit.closest[i] : nil))])
            })),
            ("generations", .array(v.generations.map { g in
                .object([("tolerance", .number(g.tolerance)), ("proposals", .number(Double(g.proposals))),
                         ("simulated", .number(Double(g.simulated))), ("accepted", .number(Double(g.accepted))),
                         ("acceptance", .number(g.acceptance)), ("ess", .number(g.effectiveSampleSize))])
            })),
            ("effective_sample_size", .number(p.effectiveSampleSize)),
            ("parameters", .array(p.parameters.indices.map { k in
                let s = p.summary(k)
                return .object([("name", .string(s.name)), ("prior_min", .number(s.lower)), ("prior_max", .number(s.upper)),
                                ("mean", .number(s.mean)), ("sd", .number(s.sd)), ("p05", .number(s.q05)),
                                ("median", .number(s.median)), ("p95", .number(s.q95)), ("narrowing", .number(s.narrowing))])
            })),
            ("distance_definition", .string("root mean square over the measures of (simulated − published) / noise_sd; simulated = median over the replicates, noise_sd = the measure's spread across pools of the model as given (at least 0.5)")),
            ("disclaimer", .string("A posterior of assumed pool parameters given published figures; simulation, not an official result.")),
        ])
    }

    public var text: String {
        let p = fit.posterior, v = p.provenance
        var out = "\(edition) · prior: pool model \(population) (uniform on each free parameter's range)\n"
        out += "ABC-SMC, \(p.particles.count) particles, \(v.replicates) pools per evaluation on the same streams (common random numbers), seed \(v.seed), \(v.evaluations) evaluations\n\n"
        out += "published figures; noise sd = spread of the measure across pools of the model as given\n"
        out += "  measure    published   noise sd   nearest particle\n"
        for (i, m) in v.measures.enumerated() {
            out += "  " + m.name.padding(toLength: 8, withPad: " ", startingAt: 0) + JSON.format(m.target).leftPad(12)
                + JSON.format(Self.r(m.sd)).leftPad(11) + (i < fit.closest.count ? JSON.format(Self.r(fit.closest[i])) : "—").leftPad(19) + "\n"
        }
        out += "\ngenerations (tolerance: RMS distance in noise sds a particle had to reach)\n"
        out += "  gen  tolerance  proposals  simulated  acceptance     ESS\n"
        for (g, s) in v.generations.enumerated() {
            let tol = s.tolerance.isFinite ? JSON.format(Self.r(s.tolerance)) : "∞"
            out += "\(g)".leftPad(5) + tol.leftPad(11) + "\(s.proposals)".leftPad(11) + "\(s.simulated)".leftPad(11)
                + (JSON.format(Self.r(s.acceptance * 100, 10)) + "%").leftPad(12) + JSON.format(Self.r(s.effectiveSampleSize, 10)).leftPad(8) + "\n"
        }
        out += "\nposterior (weighted particles) against the prior\n"
        out += "  parameter                                   prior range          median   90% interval           narrowed\n"
        for k in p.parameters.indices {
            let s = p.summary(k)
            func n(_ d: Double) -> String { JSON.format(abs(d) >= 100 ? d.rounded() : Self.r(d, 1000)) }
            out += "  " + s.name.padding(toLength: 42, withPad: " ", startingAt: 0) + ("\(n(s.lower))–\(n(s.upper))").leftPad(13)
                + n(s.median).leftPad(13) + ("\(n(s.q05))–\(n(s.q95))").leftPad(19) + (JSON.format(Self.r(s.narrowing * 100, 1)) + "%").leftPad(12) + "\n"
        }
        out += "\nnarrowed: 1 − posterior 90% width ÷ prior 90% width (0% = the figures say nothing about it).\n"
        out += "Effective sample size \(JSON.format(Self.r(p.effectiveSampleSize, 10))) of \(p.particles.count) particles. "
        out += "A posterior of assumed pool parameters given published figures; simulation, not an official result.\n"
        return out
    }
}
