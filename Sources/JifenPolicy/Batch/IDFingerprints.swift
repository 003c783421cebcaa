/// The ids seen so far in a file, as 64-bit fingerprints in an open-addressed table: 8–16 bytes
/// an applicant instead of the ids themselves. A fingerprint seen before is only a suspicion;
/// the reader confirms it against the ids in the file before calling it a duplicate.
struct IDFingerprints {
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 16)
    private var count = 0

    /// Adds a fingerprint; false if it was already there.
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let f = fingerprint == 0 ? 1 : fingerprint
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: f) & mask
        while slots[i] != 0 {
            if slots[i] == f { return false }
            i = (i + 1) & mask
        }
        slots[i] = f
        count += 1
        return true
    }

    private mutating func grow() {
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
