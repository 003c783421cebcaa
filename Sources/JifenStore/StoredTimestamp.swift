import Foundation
import GRDB

/// The store's one timestamp: UTC ISO 8601 text with milliseconds, `2024-05-01T08:30:00.125Z`.
///
/// Fixed width, so text order is time order (years 1583–9999, where Foundation's calendar is
/// the Gregorian one) and SQL range filters compare the text. Instants are rounded to the
/// millisecond; Foundation formats the whole seconds and the milliseconds are appended as an
/// integer, so no binary fraction is ever rounded twice.
enum StoredTimestamp {
    private static let seconds = Date.ISO8601FormatStyle()

    /// The stored text of `date`.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let millisecond = ((milliseconds % 1000) + 1000) % 1000
        let wholeSeconds = (milliseconds - millisecond) / 1000
        let text = seconds.format(Date(timeIntervalSince1970: Double(wholeSeconds)))
        let digits = String(millisecond)
        return text.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// The instant stored as `text`; nil for any other shape.
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
            bytes[20..<23].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let millisecond = Int64(String(decoding: bytes[20..<23], as: UTF8.self)),
            let whole = try? seconds.parse(String(decoding: bytes[0..<19], as: UTF8.self) + "Z")
        else { return nil }
        let milliseconds = Int64(whole.timeIntervalSince1970) * 1000 + millisecond
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// How records write `Date` columns: as this text.
    static let encoding = DatabaseDateEncodingStrategy.custom { text($0) }

    /// How records read `Date` columns; a value of another shape fails the row's decoding.
    static let decoding = DatabaseDateDecodingStrategy.custom { value in String.fromDatabaseValue(value).flatMap(date) }
}
