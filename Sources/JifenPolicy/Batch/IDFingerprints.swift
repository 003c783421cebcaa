/// The ids seen so far in a file, as 64-bit fingerprints in an open-addressed table of at most
/// `maxSlots` slots (8 bytes each). A fingerprint seen before is only a suspicion; the reader
/// confirms it against the ids in the file before calling it a duplicate. Once the table is
/// full, the reader sends the rest of the file's fingerprints to `SpilledFingerprints`.
struct IDFingerprints {
    /// 2²⁰ slots: 8 MB, room for 786,432 applicants before the reader spills to disk.
    static let defaultMaxSlots = 1 << 20

    private var slots: [UInt64]
    private var count = 0
    private let maxSlots: Int

    init(maxSlots: Int = defaultMaxSlots) {
        // A power of two, so that a slot is a mask away.
        var bound = 4
        while bound * 2 <= maxSlots { bound *= 2 }
        self.maxSlots = bound
        slots = Array(repeating: 0, count: min(bound, 1 << 16))
    }

    /// Whether the table holds as many fingerprints as it may (three quarters of its slots).
    var isFull: Bool { slots.count == maxSlots && (count + 1) * 4 > slots.count * 3 }

    /// Adds a fingerprint (the table must not be full); false if it was already there.
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let (i, found) = probe(fingerprint)
        guard !found else { return false }
        slots[i] = fingerprint == 0 ? 1 : fingerprint
        count += 1
        return true
    }

    /// Whether the fingerprint is in the table.
    func contains(_ fingerprint: UInt64) -> Bool { probe(fingerprint).found }

    /// The slot that holds the fingerprint, or the empty slot where it would go (linear probing;
    /// 0 marks an empty slot, so a fingerprint of 0 is stored as 1).
    @inline(__always)
    private func probe(_ fingerprint: UInt64) -> (index: Int, found: Bool) {
        let f = fingerprint == 0 ? 1 : fingerprint
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: f) & mask
        while slots[i] != 0 {
            if slots[i] == f { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    private mutating func grow() {
        precondition(slots.count < maxSlots, "IDFingerprints is full; the reader spills instead")
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for f in old where f != 0 {
            var i = Int(truncatingIfNeeded: f) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = f
        }
    }
}
