/// A handful of known words (level names, district ids) and the number each stands for,
/// looked up by a cell's bytes without making a string. A miss is not an error by itself: the
/// caller then checks the cell the slow way, which either accepts it or says what is wrong.
struct KnownWords: Sendable {
    private var words: [[UInt8]] = []
    private var values: [Double] = []

    init(_ pairs: some Sequence<(String, Double)>) {
        for (w, v) in pairs where !words.contains(Array(w.utf8)) {
            words.append(Array(w.utf8))
            values.append(v)
        }
    }

    func value(_ bytes: UnsafeRawBufferPointer) -> Double? {
        for k in words.indices where words[k].count == bytes.count {
            if words[k].withUnsafeBytes({ $0.elementsEqual(bytes) }) { return values[k] }
        }
        return nil
    }
}
