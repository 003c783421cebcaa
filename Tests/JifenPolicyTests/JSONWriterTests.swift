import Foundation
import JifenPolicy
import Testing

/// The JSON writer on numbers schemathesis found printed as non-JSON ("5970334825455306." and
/// "inf" for amounts of 1e15 and more, and past 1e302).
@Suite struct JSONWriterTests {
    @Test(arguments: [1e15, 5.970334825455306e+16, 1e21, 8.283319189150783e+307, -4.5e+18])
    func largeNumbersAreValidJSONWithTheirValue(_ value: Double) throws {
        let text = JSON.array([.number(value)]).serialized()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])
        #expect(abs(parsed[0].doubleValue - value) <= abs(value) * 1e-6, "\(text)")
    }
}
