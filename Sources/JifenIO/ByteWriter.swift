/// Output bytes written straight into memory it owns: each write makes room once and stores
/// through a pointer, so formatting a large CSV costs no per-byte bounds or uniqueness checks.
/// Numbers are written exactly as `JSON.format` writes them.
public struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    public private(set) var count = 0
    /// Whether `base` is this writer's own memory, freed with it; false while it writes into
    /// memory lent to it (`init(lending:)`).
    private var owned = true

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// A writer that writes into `memory`, which stays its owner's, until that is full; after
    /// that into memory of its own (`wroteInPlace` says which). A server answer is written this
    /// way straight into the buffer the socket is written from, with no copy.
    public init(lending memory: UnsafeMutableRawBufferPointer) {
        capacity = memory.count
        owned = false
        if let start = memory.baseAddress, capacity > 0 {
            base = start.bindMemory(to: UInt8.self, capacity: capacity)
        } else {
            capacity = 64
            owned = true
            base = .allocate(capacity: capacity)
        }
    }

    /// Every byte so far is in the memory lent to `init(lending:)`.
    public var wroteInPlace: Bool { !owned }

    deinit { if owned { base.deallocate() } }

    /// Makes room for `n` more bytes (doubling, so appends are amortised O(1)).
    @inline(__always)
    public mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        if owned { base.deallocate() }
        owned = true
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    public mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    public mutating func bytes(_ b: UnsafeRawBufferPointer) {
        reserve(b.count)
        if let source = b.baseAddress { (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: b.count) }
        count += b.count
    }

    /// Text known at compile time (",true,").
    @inline(__always)
    public mutating func ascii(_ s: StaticString) {
        bytes(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public mutating func text(_ s: String) {
        let utf8 = s.utf8
        reserve(utf8.count)
        for b in utf8 {
            base[count] = b
            count += 1
        }
    }

    /// One CSV field, quoted as `CSV.escape` quotes it.
    public mutating func csvField(_ s: String) {
        var s = s
        // A field without a comma, quote or line break (every usual id) is copied as it is.
        let plain = s.withUTF8 { utf8 in
            for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                return false
            }
            bytes(UnsafeRawBufferPointer(utf8))
            return true
        }
        if plain { return }
        let utf8 = s.utf8
        reserve(2 * utf8.count + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1
        for b in utf8 {
            if b == UInt8(ascii: "\"") {
                base[count] = b
                count += 1
            }
            base[count] = b
            count += 1
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// `s` as a JSON string literal, quotes included: `"`, `\` and control characters
    /// escaped, everything else (UTF-8 included) copied in runs.
    public mutating func jsonString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            reserve(utf8.count + 2)
            base[count] = UInt8(ascii: "\"")
            count += 1
            var run = 0
            var i = 0
            while i < utf8.count {
                // Eight bytes at a time while none needs escaping (most text needs none).
                if i + 8 <= utf8.count, !Self.needsEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = utf8[i]
                i += 1
                // Bytes of multi-byte UTF-8 sequences are ≥ 0x80, so escaping by byte is escaping by scalar.
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                bytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[run..<(i - 1)])))
                run = i
                switch b {
                case UInt8(ascii: "\""): ascii("\\\"")
                case UInt8(ascii: "\\"): ascii("\\\\")
                case UInt8(ascii: "\n"): ascii("\\n")
                case UInt8(ascii: "\r"): ascii("\\r")
                case UInt8(ascii: "\t"): ascii("\\t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    ascii("\\u00")
                    byte(hex.utf8Start[Int(b >> 4)])
                    byte(hex.utf8Start[Int(b & 0xf)])
                }
            }
            bytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[run..<utf8.count])))
            byte(UInt8(ascii: "\""))
        }
    }

    /// Whether any of the eight bytes in `w` is below 0x20, a quote or a backslash: the
    /// "has a zero byte" and "has a byte less than n" tests of bit-twiddling folklore, exact as
    /// yes/no answers.
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below20 = (w &- ones &* 0x20) & ~w & highs != 0
        return below20 || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
    }

    /// A newline and `indent` spaces (pretty JSON).
    public mutating func lineBreak(indent: Int) {
        reserve(1 + indent)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).initialize(repeating: UInt8(ascii: " "), count: indent)
        count += 1 + indent
    }

    /// A whole number in decimal.
    public mutating func integer(_ v: Int64) {
        reserve(20)
        // Most points are below 100: one or two digits, no digit count.
        if v >= 0, v < 100 {
            if v < 10 {
                base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
                count += 1
            } else {
                base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v / 10)
                base[count + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                count += 2
            }
            return
        }
        if v < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var m = v.magnitude
        var digits = 1
        var t = m
        while t >= 10 { t /= 10; digits += 1 }
        var p = count + digits
        count = p
        repeat {
            p -= 1
            base[p] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        } while m > 0
    }

    /// `JSON.format(d)` as bytes, without making a string for |d| < 10⁹ (every point value).
    ///
    /// `JSON.format` rounds to 6 decimals and prints the shortest text that reads back as the
    /// result. Below 10⁹ a double's precision is finer than 10⁻⁶, so no two numbers of at most 6
    /// decimals are the same double: the shortest text is the 6-decimal one, trailing zeros cut.
    public mutating func number(_ d: Double) {
        if !wroteWholeOrLarge(d) { fraction(d) }
    }

    /// `number(d)`, taking the text of a fraction met before from `fractions` (points are mostly
    /// a few simple fractions, 2.5, 2.333333, …, written again and again).
    public mutating func number(_ d: Double, fractions: FractionCache) {
        if wroteWholeOrLarge(d) { return }
        reserve(FractionCache.maxText)
        if fractions.copy(d, to: base + count, advancing: &count) { return }
        let start = count
        fraction(d)
        fractions.remember(d, base + start, count - start)
    }

    /// Writes `d` if it is whole and below 10⁹ (most points: their own 6-decimal rounding), not
    /// finite, or 10⁹ or more; false for the fractions left to `fraction`.
    @inline(__always)
    private mutating func wroteWholeOrLarge(_ d: Double) -> Bool {
        if abs(d) < 1e9 {
            let i = Int64(d)
            if Double(i) == d { integer(i); return true }
            return false
        }
        text(JSON.format(d))
        return true
    }

    /// `number(d)` for a finite d with |d| < 10⁹, worked out.
    private mutating func fraction(_ d: Double) {
        let c = Int64(Self.rounded(d * 1e6))
        if c < 0 { byte(UInt8(ascii: "-")) }
        let m = c.magnitude
        integer(Int64(m / 1_000_000))
        var fraction = m % 1_000_000
        guard fraction != 0 else { return }
        var digits = 6
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        reserve(1 + digits)
        base[count] = UInt8(ascii: ".")
        var p = count + 1 + digits
        count = p
        for _ in 0..<digits {
            p -= 1
            base[p] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
        }
    }

    /// `x.rounded()` (halves away from zero) for |x| < 2^52 without the libm call, up to the
    /// sign of a zero result (which prints the same).
    @inline(__always)
    static func rounded(_ x: Double) -> Double {
        let t = Double(Int64(x))
        // The fraction x − t is exact.
        let f = x - t
        return f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
    }

    /// The bytes written, for the duration of `body`.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the memory.
    public mutating func removeAll() { count = 0 }

    /// The bytes written, as an array.
    public var array: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }
}
