import Foundation

/// A calendar date (proleptic Gregorian), without time or zone.
///
/// Ages, windows and look-backs are whole calendar units between two days, so a plain
/// year-month-day value is both exact and fast.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        var text = text
        guard let d = text.withUTF8({ Day(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = d
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (CSV cells are read without making strings).
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A number that orders days as they fall (not a count of days), for comparing dates in
    /// rules.
    public var ordinal: Int { (year * 12 + month - 1) * 31 + day - 1 }

    /// Today in UTC.
    public static var today: Day {
        let c = Calendar(identifier: .gregorian)
        var cal = c
        cal.timeZone = TimeZone(identifier: "UTC")!
        let parts = cal.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    public var description: String {
        // Written by hand in the common case: `String(format:)` goes through Foundation's
        // formatter, and a server writes several dates per answer.
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        func digits(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.utf8.count < width ? String(repeating: "0", count: width - s.utf8.count) + s : s
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whole calendar months from `self` to `later` (0 if `later` is earlier).
    public func fullMonths(to later: Day) -> Int {
        var months = (later.year - year) * 12 + (later.month - month)
        if later.day < day { months -= 1 }
        return max(0, months)
    }

    /// Whole years from `self` to `later`: an age on a date.
    public func fullYears(to later: Day) -> Int { fullMonths(to: later) / 12 }

    /// The same day `months` later (clamped to the month's last day).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))!
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
