/// A handful of known words (level names, district ids) and the number each stands for,
/// looked up by a cell's bytes without making a string. A miss is not an error by itself: the
/// caller then checks the cell the slow way, which either accepts it or says what is wrong.
struct KnownWords: Sendable {
    private var words: [[UInt8]] = []
    private var values: [Double] = []
    /// Per word, its length and first eight bytes packed (`key`): most misses and every match of
    /// a short word are settled by one comparison.
    private var keys: [(count: Int, head: UInt64)] = []

    init(_ pairs: some Sequence<(String, Double)>) {
        for (w, v) in pairs where !words.contains(Array(w.utf8)) {
            words.append(Array(w.utf8))
            values.append(v)
            keys.append(Array(w.utf8).withUnsafeBytes { (Self.key($0).count, Self.key($0).head) })
        }
    }

    @inline(__always)
    static func key(_ bytes: UnsafeRawBufferPointer) -> (count: Int, head: UInt64) {
        var head: UInt64 = 0
        for k in 0..<min(8, bytes.count) { head |= UInt64(bytes[k]) << UInt64(8 * k) }
        return (bytes.count, head)
    }

    func value(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let (count, head) = Self.key(bytes)
        for k in keys.indices where keys[k].count == count && keys[k].head == head {
            if count <= 8 || words[k].withUnsafeBytes({ $0.elementsEqual(bytes) }) { return values[k] }
        }
        return nil
    }
}
