import Foundation
import JifenTestSupport

/// Deterministic mutations of a seed input, of the kinds a fuzzing campaign found defects with:
/// byte edits, cut and repeated spans, extreme numbers, YAML structure tokens (anchors, aliases,
/// nesting, tags, documents), huge values and invalid UTF-8.
struct Mutator {
    private var random: RandomProfiles

    init(seed: UInt64) { random = RandomProfiles(seed: seed) }

    static let numbers = ["1e308", "-1e308", "1e-320", "-0", "nan", ".inf", "-.inf", "0x10", "1_6", "01", "9223372036854775807",
                          "-9223372036854775808", "18446744073709551616", "4611686018427387904", "1000000000000", "0", "-1", "1.5"]
    static let tokens = ["&a ", "*a", "*b", "&b [*a, *a, *a]", "[", "]", "{", "}", ": ", "- ", "? ", "!!binary ", "!!python/object ",
                         "---\n", "...\n", "%YAML 1.2\n", "\"", "'", "#", "\t", "\n  ", "~", "null", "<<: *a", "\u{0}", "\u{FEFF}",
                         "\\u0000", ",", "\"\"", "[]", "{}", "true", "2019-02-30", "9999-12-31", "😀"]

    /// One mutated copy of `seed` (one to three edits).
    mutating func mutate(_ seed: Data) -> Data {
        var data = seed
        for _ in 0..<random.int(1...3) { edit(&data) }
        return data
    }

    private mutating func position(_ data: Data) -> Int { data.isEmpty ? 0 : random.int(0...data.count) }

    private mutating func edit(_ data: inout Data) {
        let at = position(data)
        switch random.int(0...9) {
        case 0: // flip bits of one byte
            if at < data.count { data[at] ^= UInt8(1 << random.int(0...7)) }
        case 1: // insert an arbitrary byte (NUL, invalid UTF-8 and controls included)
            data.insert(UInt8(random.int(0...255)), at: at)
        case 2: // delete a span
            let end = min(data.count, at + random.int(1...64))
            if at < end { data.removeSubrange(at..<end) }
        case 3: // repeat a span
            let end = min(data.count, at + random.int(1...64))
            if at < end { data.insert(contentsOf: data[at..<end], at: at) }
        case 4, 5: // replace the number nearest the position with an extreme one
            replaceNumber(&data, from: at)
        case 6, 7: // insert a structural token
            data.insert(contentsOf: Data(Self.tokens[random.int(0...(Self.tokens.count - 1))].utf8), at: at)
        case 8: // a huge value
            data.insert(contentsOf: Data(String(repeating: "9", count: random.int(1_000...20_000)).utf8), at: at)
        default: // cut the input short
            data = data.prefix(at)
        }
    }

    private mutating func replaceNumber(_ data: inout Data, from start: Int) {
        let bytes = [UInt8](data)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard let first = (bytes[min(start, bytes.count)...].firstIndex(where: isDigit) ?? bytes.firstIndex(where: isDigit)) else {
            return
        }
        var end = first
        while end < bytes.count, isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        data.replaceSubrange(first..<end, with: Data(Self.numbers[random.int(0...(Self.numbers.count - 1))].utf8))
    }
}
