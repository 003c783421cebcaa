import Foundation
import Hummingbird
import JifenPolicy
import JifenServer
import JifenTestSupport
import Testing

/// What the route suites share: the router in memory over the shipped data, and the CLI beside
/// it to compare with.
protocol RouteTesting {}

extension RouteTesting {
    func withClient(_ body: (RouteClient) async throws -> Void) async throws {
        let service = WebService(library: try RouteTests.library.get(), datasets: Fixtures.datasets, today: { Day("2024-06-01")! })
        try await body(RouteClient(responder: service.router().buildResponder()))
    }

    func cli(_ args: String...) throws -> String {
        let r = try Fixtures.run("jifen", args)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }
}
