import Foundation
import Testing

@testable import JifenStore

@Suite struct StoredTimestampTests {
    // Expected texts from Python's datetime.fromtimestamp(t, timezone.utc).
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_868_800, "2000-03-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (1_709_251_199.5, "2024-02-29T23:59:59.500Z"),
        (1_704_067_199.999, "2023-12-31T23:59:59.999Z"),
    ])
    func formatsAndParses(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredTimestamp.text(date) == text)
        #expect(StoredTimestamp.date(text) == date)
    }

    @Test func rejectsOtherShapes() {
        #expect(StoredTimestamp.date("2024-02-29 23:59:59") == nil)
        #expect(StoredTimestamp.date("2024-02-29T23:59:5x.500Z") == nil)
    }
}
