import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenServer
import JifenStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the applicant page, the rule explorer and the JSON API over HTTP.",
        discussion: """
        Rule books are loaded and compiled once at start; nothing an applicant sends is stored or logged.
        With --db, planner runs (quota curves: rules and quotas, no person) are recorded in the run store.
        Binds to 127.0.0.1 unless --host says otherwise; stops cleanly on SIGTERM or Ctrl-C.
        Example: jifen serve --port 8080, then open http://127.0.0.1:8080/
        """)
    @OptionGroup var rules: RulesOptions
    @Option(help: "Address to listen on (0.0.0.0 exposes the server to the network).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(name: .customLong("max-draws"), help: "The most applicants one simulation request may draw (pool × replicates): the time budget of a request.")
    var maxDraws = SimulationBudget.defaultMaxDraws
    @Option(name: .customLong("db"), help: "Run store file (SQLite) to record planner runs in, as jifen quota-curve --db does (default: none, not recorded).")
    var db: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (found \(port))") }
        guard maxDraws >= 1 else { throw ValidationError("--max-draws must be at least 1 (found \(maxDraws))") }
    }

    func run() async throws {
        let directory = try rules.directory()
        let library = try RuleLibrary.load(directory: directory, compileAll: true)
        let datasets = directory.deletingLastPathComponent()
        // The store is written, so it may not be a rule book, a pool model or a published round.
        try OutputPaths.check([("--db", db)], inputs: [rules.input, ("populations", datasets.appendingPathComponent("populations").path),
                                                       ("history", datasets.appendingPathComponent("history").path)])
        let store = try db.map { path in try storeCall { () throws(RunStoreError) in try RunStore(path: path) } }
        let service = WebService(library: library, datasets: datasets, maxDraws: maxDraws, store: store)
        // Before listening, so that /healthz answers only once every page is quick.
        try service.prepare()
        let editions = library.book.editions.count
        do {
            try await service.run(host: host, port: port) { address in
                let line = "jifen serve: \(editions) editions loaded; listening on \(address) (Ctrl-C to stop)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } catch {
            // In practice a bind failure: the port is taken or the address is not this machine's.
            throw InputError(file: "--host/--port", "cannot serve on \(host):\(port) (\(error))")
        }
    }
}
