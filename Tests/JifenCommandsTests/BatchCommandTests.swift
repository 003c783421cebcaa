import Foundation
import JifenTestSupport
import Testing

/// score-batch and rank end to end: output only from a good file, the same for any thread count.
@Suite struct BatchCommandTests {
    func jifen(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static let header = "id,birth_date,education.level,places.tianjin.insured_months,places.tianjin.residence_months,places.tianjin.employed,places.tianjin.settle_district\n"

    static func rows(_ n: Int) -> String {
        (1...n).map { "a\($0),19\(70 + $0 % 25)-0\(1 + $0 % 9)-15,\(["bachelor", "master", "senior_high"][$0 % 3]),\($0 % 200),\($0 % 150),true,binhai\n" }
            .joined()
    }

    @Test func aBadRowLateInTheFileLeavesNoOutputAndNamesItsLine() throws {
        let dir = try folder()
        let input = dir.appendingPathComponent("in.csv"), output = dir.appendingPathComponent("out.csv")
        try (Self.header + Self.rows(20_000) + "z,1990-01-01,bachelor,1_6,10,true,binhai\n").write(to: input, atomically: true, encoding: .utf8)
        let r = try jifen(["score-batch", "--edition", "tianjin/2018", "--input", input.path, "--output", output.path, "--as-of", "2019-06-01"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("in.csv:20002: places.tianjin.insured_months: expected a number, found '1_6'"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["in.csv"], "no staging file is left behind")
    }

    @Test func outputIsTheSameForAnyThreadCount() throws {
        let dir = try folder()
        let input = dir.appendingPathComponent("in.csv")
        try (Self.header + Self.rows(30_000)).write(to: input, atomically: true, encoding: .utf8)
        var outputs: [Data] = []
        for threads in ["1", "2", "3"] {
            let out = dir.appendingPathComponent("out\(threads).csv")
            let r = try jifen(["score-batch", "--edition", "tianjin/2018", "--input", input.path, "--output", out.path,
                               "--as-of", "2019-06-01", "--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Data(contentsOf: out))
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] })
        #expect(String(decoding: outputs[0], as: UTF8.self).split(separator: "\n").count == 30_001)
        let ranked = try jifen(["rank", "--edition", "tianjin/2018", "--input", input.path, "--quota", "100", "--as-of", "2019-06-01",
                                "--format", "csv", "--threads", "1"])
        let ranked2 = try jifen(["rank", "--edition", "tianjin/2018", "--input", input.path, "--quota", "100", "--as-of", "2019-06-01",
                                 "--format", "csv", "--threads", "2"])
        #expect(ranked.status == 0 && ranked.stdout == ranked2.stdout)
        #expect(ranked.stdout.hasPrefix("rank,admitted,id,total"))
    }

    @Test func aColumnNamedTwiceIsRefusedByName() throws {
        let dir = try folder()
        let input = dir.appendingPathComponent("in.csv")
        try "id,education.level,education.level\na,bachelor,master\n".write(to: input, atomically: true, encoding: .utf8)
        let r = try jifen(["score-batch", "--edition", "tianjin/2018", "--input", input.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("in.csv:1: education.level: the header names this column twice"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
