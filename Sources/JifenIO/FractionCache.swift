/// The text of numbers `ByteWriter.number(_:fractions:)` has already worked out, by their bit
/// pattern: a direct-mapped table of 256 entries, each a number and up to 16 bytes of its text. A
/// hit copies the bytes; a miss is worked out and replaces the entry. The text of a number never
/// depends on what else was written, so the output is the same with or without the table.
/// One writer's at a time (not shared between threads).
public final class FractionCache {
    /// The longest text kept (the longest below 10⁹ is 17 bytes: `-999999999.999999`, not kept).
    static let maxText = 16
    private static let entries = 256
    /// Per entry: the number's bits, the text's length, then its bytes.
    private let table: UnsafeMutableRawPointer
    private static let stride = 32

    public init() {
        table = .allocate(byteCount: Self.entries * Self.stride, alignment: 8)
        table.initializeMemory(as: UInt8.self, repeating: 0, count: Self.entries * Self.stride)
        for k in 0..<Self.entries {
            // A NaN pattern: never a finite number's bits, so every entry starts empty.
            table.storeBytes(of: Double.nan.bitPattern, toByteOffset: k * Self.stride, as: UInt64.self)
        }
    }

    deinit { table.deallocate() }

    @inline(__always)
    private func entry(_ bits: UInt64) -> UnsafeMutableRawPointer {
        table + Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 56) * Self.stride
    }

    /// Copies the text of `d` to `out` (which has room for `maxText` bytes) if it is known.
    @inline(__always)
    func copy(_ d: Double, to out: UnsafeMutablePointer<UInt8>, advancing count: inout Int) -> Bool {
        let bits = d.bitPattern
        let e = entry(bits)
        guard e.load(as: UInt64.self) == bits else { return false }
        let length = Int(e.load(fromByteOffset: 8, as: UInt64.self))
        UnsafeMutableRawPointer(out).copyMemory(from: e + 16, byteCount: Self.maxText)
        count += length
        return true
    }

    /// Keeps `length` bytes at `text` as the text of `d`.
    func remember(_ d: Double, _ text: UnsafePointer<UInt8>, _ length: Int) {
        guard length <= Self.maxText else { return }
        let e = entry(d.bitPattern)
        e.storeBytes(of: d.bitPattern, as: UInt64.self)
        e.storeBytes(of: UInt64(length), toByteOffset: 8, as: UInt64.self)
        (e + 16).copyMemory(from: text, byteCount: length)
    }
}
