import Foundation
import Hummingbird
import JifenAnalyses
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStore

/// `/planner`: the quota curve and its cutoff band for an edition and its standard pool model
/// (the CLI's `quota-curve`), within `SimulationBudget`'s bounds. A planner run is about rules
/// and quotas, not a person: with a run store (`jifen serve --db`) it is recorded as
/// `jifen quota-curve --db` records it, and the page says whether it was.
struct PlannerPage {
    /// The form's parameter names: the pool parameters and the quota range.
    static let names = PoolQuery.names.union(["from", "to", "step"])
    static let defaults = ["edition": "tianjin/2018", "from": "1000", "to": "6000", "step": "1000", "replicates": "20", "seed": "1"]

    let service: WebService

    private func e(_ s: String) -> String { HTMLPage.escape(s) }

    /// Editions whose city has a pool model on this server.
    var editions: [Edition] {
        guard let populations = service.populations else { return [] }
        return service.library.book.editions.filter {
            FileManager.default.fileExists(atPath: populations.appendingPathComponent("\($0.city).yaml").path)
        }
    }

    /// The form, and for a submitted one the curve; bad input re-shows the form with the sentence.
    func response(query text: String?) async throws -> Response {
        let q = try QueryParameters(text, allowed: Self.names)
        var values = Self.defaults
        for name in Self.names { if let v = q[name] { values[name] = v } else if !q.isEmpty { values[name] = nil } }
        if q.isEmpty { return HTMLPage(title: "规划 Planner", body: intro + form(values)).response() }
        do {
            let quotas = try QuotaCurveRequest.quotas("\(q["from"] ?? ""):\(q["to"] ?? ""):\(q["step"] ?? "")", name: "form: quotas")
            let pool = try PoolQuery(q, service: service, quota: quotas[0], quotaCount: quotas.count)
            let analysis = try QuotaCurveAnalysis(QuotaCurveRequest(edition: pool.edition, model: pool.model, quotas: quotas, settings: pool.settings))
            let run = try await record(analysis, arguments: Self.arguments(q))
            return HTMLPage(title: "规划结果 Quota curve", body: results(run.output, recorded: recording(run)) + form(values)).response()
        } catch let failure as RequestFailure {
            return HTMLPage(title: "请检查输入 Please check the form", body: intro + alert(failure.message) + form(values)).response(status: failure.status)
        } catch let error as InputError {
            return HTMLPage(title: "请检查输入 Please check the form", body: intro + alert(error.description) + form(values))
                .response(status: .unprocessableContent)
        }
    }

    /// Runs the curve, recorded in the server's store when it has one.
    private func record(_ analysis: QuotaCurveAnalysis, arguments: [String]) async throws -> RecordedRun<QuotaCurveResult> {
        guard let store = service.store else {
            return RecordedRun(output: try await service.budget.run { try SimulationRoutes.simulated { try analysis.run() } }, id: nil, failure: nil)
        }
        let populations = service.populations
        let start = try analysis.request.runInputs.start(command: "quota-curve", arguments: arguments) { path in
            // The run names its model as the CLI shows it (datasets/populations/NAME); the file is this server's.
            let url = populations?.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
            guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else { throw InputError(file: path, "cannot read the pool model") }
            return text
        }
        return try await service.budget.run {
            try SimulationRoutes.simulated {
                try RecordedRun.record(in: store, start, failureNote: { ($0 as? InputError)?.description ?? "\($0)" }) {
                    let result = try analysis.run()
                    return (result, result.runResults)
                }
            }
        }
    }

    /// The `jifen quota-curve` arguments that draw the same curve (what `jifen runs rerun` runs).
    static func arguments(_ q: QueryParameters) -> [String] {
        var arguments = ["--edition", q["edition"] ?? "", "--quotas", "\(q["from"] ?? ""):\(q["to"] ?? ""):\(q["step"] ?? "")"]
        for name in ["pool", "replicates", "seed", "generator"] {
            if let value = q[name] { arguments += ["--\(name)", value] }
        }
        if (try? q.flag("sampling_only")) == true { arguments.append("--sampling-only") }
        return arguments
    }

    /// Whether the run was recorded, in a sentence.
    private func recording(_ run: RecordedRun<QuotaCurveResult>) -> String {
        guard let store = service.store else { return "未记录 Not recorded: this server keeps no run store (jifen serve --db FILE records planner runs)." }
        // The store's file name only: the server's folders are no business of its visitors.
        if let id = run.id { return "已记录 Recorded as run \(id) in this server's run store (\(URL(fileURLWithPath: store.path).lastPathComponent))." }
        return "未记录 Not recorded: the run store could not be written (\(run.failure?.description ?? "unknown failure"))."
    }

    private func alert(_ message: String) -> String { "<p class=\"error\" role=\"alert\">\(e(message))</p>\n" }

    private var intro: String {
        "<h1 id=\"planner\">名额规划 Planner: cutoff against quota</h1>\n"
            + "<p class=\"disclaimer\">\(e(ScoreCard.disclaimer)) 模拟申请人池，按名额计算截止分。Simulated applicant pools on the edition's pool model: "
            + "for each quota, the lowest admitted score. Sizes are bounded on this server (pool ≤ \(SimulationBudget.maxPool), "
            + "replicates ≤ \(SimulationBudget.maxReplicates), pool × replicates ≤ \(service.budget.maxDraws), ≤ \(SimulationBudget.maxQuotas) quotas); "
            + "use <code>jifen quota-curve</code> for more. "
            + (service.store == nil ? "Runs here are not recorded (this server keeps no run store)." : "Runs here are recorded in this server's run store.")
            + "</p>\n"
    }

    private func form(_ values: [String: String]) -> String {
        func field(_ name: String, _ label: String, _ help: String, type: String = "number") -> String {
            "<div class=\"field\"><label for=\"p-\(name)\">\(label)</label><input type=\"\(type)\" min=\"0\" id=\"p-\(name)\" name=\"\(name)\" "
                + "value=\"\(e(values[name] ?? ""))\" aria-describedby=\"p-\(name)-help\"><p class=\"help\" id=\"p-\(name)-help\">\(help)</p></div>\n"
        }
        var out = "<form class=\"profile\" method=\"get\" action=\"/planner\"><fieldset><legend>规则与申请人池 Edition and pool</legend>\n"
        out += "<div class=\"field\"><label for=\"p-edition\">规则版本 Edition</label><select id=\"p-edition\" name=\"edition\" aria-describedby=\"p-edition-help\">"
        out += editions.map { "<option value=\"\(e($0.id))\"\($0.id == values["edition"] ? " selected" : "")>\(e($0.id))</option>" }.joined()
        out += "</select><p class=\"help\" id=\"p-edition-help\">其申请人池模型为本市标准模型（有拟合后验时用后验）。The city's standard pool model (its fitted posterior where there is one).</p></div>\n"
        out += field("pool", "每池人数 Applicants per pool", "留空则用模型的人数。Leave empty for the model's own pool size.")
        out += field("replicates", "模拟池数 Pools (replicates)", "越多越稳，也越慢。More pools give a steadier band and take longer.")
        out += field("seed", "随机种子 Seed", "同一种子、同一输入，结果相同。The same seed and inputs give the same result.")
        let checked = values["sampling_only"].map { $0 == "on" || $0 == "true" } ?? false
        out += "<div class=\"field\"><label for=\"p-sampling_only\">固定模型 Fixed pool model</label><input type=\"checkbox\" id=\"p-sampling_only\" "
            + "name=\"sampling_only\"\(checked ? " checked" : "") aria-describedby=\"p-sampling_only-help\"><p class=\"help\" id=\"p-sampling_only-help\">"
            + "勾选则只计抽样波动。Only the draw of one pool: the band leaves out what is unknown about who applies.</p></div>\n"
        out += "</fieldset><fieldset><legend>名额 Quotas</legend>\n"
        out += field("from", "起 From", "最小名额 Smallest quota.") + field("to", "止 To", "最大名额 Largest quota.") + field("step", "步长 Step", "名额间隔 Between quotas.")
        out += "</fieldset><button type=\"submit\">计算 Draw the curve</button></form>\n"
        return out
    }

    private func results(_ r: QuotaCurveResult, recorded: String) -> String {
        let curve = r.curve, s = r.request.settings
        let size = r.covers.poolDrawn ? "pool size drawn with the model's parameters" : "\(s.pool) applicants per pool"
        var out = "<h1 id=\"results\">截止分与名额 Cutoff against quota · \(e(r.request.edition.id))</h1>\n"
        out += "<p class=\"disclaimer\"><strong>模拟结果，非官方结论。Simulation, not an official result.</strong> "
        out += "\(e(r.request.edition.id)): \(e(r.request.edition.verification)). 申请人池模型 Pool model: \(e(r.request.model.path)); "
        out += "\(e(size)), \(s.replicates) pools, seed \(s.seed), \(s.generator.rawValue). \(e(recorded))</p>\n"
        let svg = BandLineChart(quotaCurve: curve, edition: r.request.edition.id, subtitle: "\(size) × \(s.replicates) pools · seed \(s.seed)").svg()
        let inline = svg.hasPrefix("<?xml") ? String(svg[svg.index(after: svg.firstIndex(of: "\n")!)...]) : svg
        out += "<figure class=\"chart\">\(inline)<figcaption>线：各名额截止分中位数；带：5%–95% 模拟池。Line: median cutoff at each quota; band: 5–95% of the simulated pools.</figcaption></figure>\n"
        out += "<div class=\"table-wrap\"><table id=\"curve\"><caption>各名额截止分 Cutoff per quota</caption>\n"
        out += "<tr><th scope=\"col\" class=\"num\">名额 Quota</th><th scope=\"col\" class=\"num\">中位数 Median</th><th scope=\"col\" class=\"num\">p05</th>"
        out += "<th scope=\"col\" class=\"num\">p95</th><th scope=\"col\" class=\"num\">每千名额斜率 Slope per 1,000</th><th scope=\"col\">备注 Note</th></tr>\n"
        for i in curve.quotas.indices {
            let summary = curve.summary(at: i)
            func cell(_ v: Double?) -> String { v.map { JSON.format(($0 * 100).rounded() / 100) } ?? "—" }
            let slope = i + 1 < curve.quotas.count ? cell(curve.slope(from: i, to: i + 1)) : ""
            out += "<tr><th scope=\"row\" class=\"num\">\(curve.quotas[i])</th><td class=\"num cutoff\">\(cell(summary?.median))</td>"
            out += "<td class=\"num\">\(cell(summary?.p05))</td><td class=\"num\">\(cell(summary?.p95))</td><td class=\"num\">\(slope)</td>"
            out += "<td>\(curve.isUnfilled(i) ? "未满 unfilled: fewer eligible than the quota in most pools" : "")</td></tr>\n"
        }
        out += "</table></div>\n"
        out += "<h2>这条带的含义 What the band means</h2>\n<p>\(e(r.covers.bandSentence))</p>\n"
        out += "<p>所有名额在同一批模拟池上计算，同一池中名额越多截止分不会升高。Every quota is evaluated on the same pools, so within a pool the cutoff never rises as the quota grows.</p>\n"
        for note in r.covers.notes { out += "<p class=\"cite\">注 Note: \(e(note))</p>\n" }
        return out
    }
}
