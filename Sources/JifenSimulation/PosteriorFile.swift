import Foundation
import JifenPolicy

/// A posterior as saved next to its pool model (`datasets/populations/<name>.posterior.yaml`):
/// the model file it belongs to, what it was fitted to, the diagnostics and the particles.
public struct PosteriorFile: Sendable {
    /// The pool model (the prior), its free parameters bounding the posterior.
    public var model: PoolModel
    /// The model file's path as written in the posterior file (relative to it).
    public var modelReference: String
    public var posterior: PoolPosterior
    /// True when the model file changed since the fit (its hash differs).
    public var modelChanged: Bool

    /// The file's text. `modelReference` is the model's path relative to the posterior file.
    public static func text(_ p: PoolPosterior, modelReference: String, modelText: String) -> String {
        let v = p.provenance
        func n(_ d: Double) -> String { JSON.format(d) }
        func q(_ s: String) -> String { JSON.quoted(s) }
        var out = "# Posterior of the free parameters of \(modelReference), written by `jifen calibrate --save`.\n"
        out += "# Weighted particles from ABC-SMC (docs/statistics.md, \"Calibration as inference\"); simulate\n"
        out += "# and quota-curve draw one particle per group of replicates. Every value remains an assumption\n"
        out += "# about who applied, constrained by the published figures listed under `targets`.\n"
        out += "model: \(q(modelReference))\n"
        out += "model_sha256: \(ContentHash.sha256(modelText))\n"
        out += "edition: \(v.edition)\n"
        out += "edition_sha256: \(v.editionHash)\n"
        out += "targets:\n  file: \(q(v.targetFile))\n  period: \(q(v.period))\n  batch: \(q(v.batch))\n"
        if let a = v.admitted { out += "  admitted: \(a)\n" }
        if let r = v.passRate { out += "  pass_rate: \(n(r))\n" }
        out += "  measures:\n"
        for m in v.measures { out += "    - {name: \(m.name), value: \(n(m.target)), noise_sd: \(n(m.sd))}\n" }
        out += "method: ABC-SMC\nseed: \(v.seed)\nreplicates: \(v.replicates)\nevaluations: \(v.evaluations)\n"
        out += "generations:\n"
        for g in v.generations {
            out += "  - {tolerance: \(n(g.tolerance)), proposals: \(g.proposals), simulated: \(g.simulated), accepted: \(g.accepted), ess: \(n(g.effectiveSampleSize))}\n"
        }
        out += "parameters: [\(p.parameters.map(\.name).joined(separator: ", "))]\n"
        out += "# each particle: [weight, distance, then one value per parameter]\n"
        out += "particles:\n"
        for i in p.particles.indices {
            out += "  - [\(([p.weights[i], p.distances[i]] + p.particles[i]).map(n).joined(separator: ", "))]\n"
        }
        return out
    }

    /// Reads a posterior file and the model it names; problems name the file, line and key.
    public static func load(_ url: URL, displayName: String? = nil) throws -> PosteriorFile {
        let tree = try Tree.load(url, displayName: displayName)
        let f = try tree.fields(["model", "model_sha256", "edition", "edition_sha256", "targets", "method", "seed", "replicates",
                                 "evaluations", "generations", "parameters", "particles"])
        let reference = try f.require("model").string()
        let modelURL = url.deletingLastPathComponent().appendingPathComponent(reference)
        let display = displayName.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent(reference).relativePath }
        guard let data = FileManager.default.contents(atPath: modelURL.path), let modelText = String(data: data, encoding: .utf8) else {
            throw try f.require("model").error("cannot read the pool model '\(reference)' (a path relative to the posterior file)")
        }
        let model = try PoolModel.parse(modelText, file: display ?? modelURL.path)
        let names = try f.require("parameters").list().map { try $0.string() }
        var parameters: [FreeParameter] = []
        for name in names {
            guard let p = model.free.first(where: { $0.name == name }) else {
                throw try f.require("parameters").error("'\(name)' is not a free parameter of \(reference)")
            }
            parameters.append(p)
        }
        let rowsTree = try f.require("particles")
        var particles: [[Double]] = [], weights: [Double] = [], distances: [Double] = []
        for row in try rowsTree.list() {
            let values = try row.list().map { try $0.double() }
            guard values.count == names.count + 2 else {
                throw row.error("expected \(names.count + 2) numbers: weight, distance and one value per parameter")
            }
            guard values[0] >= 0, values[0].isFinite else { throw row.error("a weight must be a finite number ≥ 0") }
            for (k, p) in parameters.enumerated() where !(p.lower...p.upper).contains(values[k + 2]) {
                throw row.error("\(p.name) = \(JSON.format(values[k + 2])) is outside its range [\(JSON.format(p.lower)), \(JSON.format(p.upper))] in \(reference)")
            }
            weights.append(values[0])
            distances.append(values[1])
            particles.append(Array(values[2...]))
        }
        let total = weights.reduce(0, +)
        guard !particles.isEmpty, total > 0 else { throw rowsTree.error("expected at least one particle with a positive weight") }
        let t = try f.require("targets").fields(["file", "period", "batch", "admitted", "pass_rate", "measures"])
        let measures = try t.require("measures").list().map { m -> MeasureNoise in
            let mf = try m.fields(["name", "value", "noise_sd"])
            return MeasureNoise(name: try mf.require("name").string(), target: try mf.require("value").double(),
                                sd: try mf.require("noise_sd").double())
        }
        let generations = try f["generations"]?.list().map { g -> GenerationSummary in
            let gf = try g.fields(["tolerance", "proposals", "simulated", "accepted", "ess"])
            return GenerationSummary(tolerance: try gf.require("tolerance").double(), proposals: try gf.require("proposals").int(),
                                     simulated: try gf.require("simulated").int(), accepted: try gf.require("accepted").int(),
                                     effectiveSampleSize: try gf.require("ess").double())
        } ?? []
        let provenance = PosteriorProvenance(
            edition: try f.require("edition").string(), editionHash: try f["edition_sha256"]?.string() ?? "",
            targetFile: try t["file"]?.string() ?? "", period: try t["period"]?.string() ?? "", batch: try t["batch"]?.string() ?? "",
            admitted: try t["admitted"]?.int(), passRate: try t["pass_rate"]?.double(), measures: measures,
            seed: UInt64(try f["seed"]?.int() ?? 0), replicates: try f["replicates"]?.int() ?? 0,
            generations: generations, evaluations: try f["evaluations"]?.int() ?? 0)
        let posterior = PoolPosterior(parameters: parameters, particles: particles, weights: weights.map { $0 / total },
                                      distances: distances, provenance: provenance)
        return PosteriorFile(model: model, modelReference: reference, posterior: posterior,
                             modelChanged: try f["model_sha256"]?.string() != ContentHash.sha256(modelText))
    }

    /// The posterior files in `directory` (`*.posterior.yaml`) fitted under `edition`, by name.
    public static func find(in directory: URL, edition: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".posterior.yaml") }.sorted().map { directory.appendingPathComponent($0) }.filter { url in
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
            return text.split(separator: "\n").contains { $0 == "edition: \(edition)" }
        }
    }
}
