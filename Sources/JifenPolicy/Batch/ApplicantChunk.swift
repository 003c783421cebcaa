/// A run of whole CSV rows decoded into the compiled edition's feature columns: what one worker reads,
/// scores and writes at a time.
public struct ApplicantChunk: Sendable {
    /// Applicant ids, in file order.
    public var ids: [String]
    /// The compiled edition's features, one row per applicant.
    public var table: FeatureTable
    /// Fingerprints of the ids, for the file-wide duplicate check.
    var fingerprints: [UInt64]
    /// Line breaks the chunk spans.
    var lines: Int
    /// Lines of the rows, relative to the chunk (1 = its first line).
    var rowLines: [Int32]

    public var count: Int { ids.count }
}

extension ApplicantColumns {
    /// Decodes every row of `buffer` (whole rows); errors name lines counted from the buffer's start.
    func decode(_ buffer: UnsafeMutableRawBufferPointer, compiled: CompiledEdition) throws(InputError) -> ApplicantChunk {
        var reader = CSVRowReader(buffer, file: file)
        // A row has as many fields as the header (checked before it is stored) and a non-empty id,
        // so it takes at least one byte per column: this bounds the rows without a pass to count them.
        let bound = buffer.count / max(1, header.columns.count) + 1
        var chunk = ApplicantChunk(ids: [], table: FeatureTable(count: 0, featureCount: compiled.features.count),
                                   fingerprints: [], lines: 0, rowLines: [])
        chunk.ids.reserveCapacity(bound)
        chunk.fingerprints.reserveCapacity(bound)
        chunk.rowLines.reserveCapacity(bound)
        // Scratch memory is allocated once per chunk and never zeroed: every slot and every
        // feature of a row is written before it is read.
        let slots = UnsafeMutableBufferPointer<Double>.allocate(capacity: kinds.count)
        defer { slots.deallocate() }
        // Feature values straight into their columns (column f starts at f × bound).
        let width = compiled.features.count
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: bound * width)
        defer { columns.deallocate() }
        var row = 0
        while let line = try reader.next() {
            try header.checkWidth(reader.fieldCount, file: file, line: line)
            let idBytes = reader.bytes(header.idColumn)
            guard idBytes.count > 0 else { throw ApplicantHeader.emptyID(file: file, line: line) }
            chunk.fingerprints.append(Self.fingerprint(idBytes))
            chunk.ids.append(String(decoding: idBytes, as: UTF8.self))
            chunk.rowLines.append(Int32(truncatingIfNeeded: line))
            var lists = RowLists()
            do {
                try decodeCells(reader, line: line, into: slots, lists: &lists)
            } catch let e as InputError {
                throw e
            } catch {
                throw InputError(file: file, line: line, "\(error)")
            }
            let cell = columns + row
            for (f, s) in direct { cell[f &* bound] = slots[s].isNaN ? 0 : slots[s] }
            // Sources are read in place through a buffer pointer: iterating the array would copy
            // (and retain) each one for every row.
            let values = UnsafeBufferPointer(slots)
            derived.withUnsafeBufferPointer { d in
                for k in d.indices { cell[d[k].feature &* bound] = value(d[k].source, values, lists) }
            }
            // A count over no records is 0: only a row with records takes the filters.
            let anyAwards = !(lists.awards?.isEmpty ?? true), anyConduct = !(lists.conduct?.isEmpty ?? true)
            awardCounts.withUnsafeBufferPointer { a in
                for k in a.indices { cell[a[k].feature &* bound] = anyAwards ? value(a[k].source, values, lists) : 0 }
            }
            conductCounts.withUnsafeBufferPointer { c in
                for k in c.indices { cell[c[k].feature &* bound] = anyConduct ? value(c[k].source, values, lists) : 0 }
            }
            row += 1
        }
        chunk.table.count = row
        for f in 0..<width {
            chunk.table.columns[f] = [Double](UnsafeBufferPointer(start: columns + f * bound, count: row))
        }
        chunk.lines = reader.linesRead
        return chunk
    }

    /// Checks a row's cells with the profile decoder's field checks and leaves their values in
    /// `slots` (NaN where a cell is empty).
    ///
    /// The usual spellings (plain digits, `YYYY-MM-DD`, `true`/`false`, a known level or district)
    /// are read straight from the bytes when they pass the same bounds as the shared checks;
    /// anything else, valid or not, goes through those checks, which give the value or the message.
    func decodeCells(_ reader: CSVRowReader, line: Int, into slots: UnsafeMutableBufferPointer<Double>, lists: inout RowLists) throws {
        for c in 0..<codes.count {
            let bytes = reader.bytes(c)
            guard bytes.count > 0 else { slots[c] = .nan; continue }
            // NaN until a fast reading succeeds (no valid cell reads as NaN).
            var v = Double.nan
            switch codes[c] {
            case .id: slots[c] = .nan; continue
            case .evaluationDate: if Day(bytes) == asOf { slots[c] = .nan; continue }
            case .months:
                if let n = Self.plainWhole(bytes, digits: 4), n <= 1200 { v = Double(n) } else { v = Self.whole(bytes, atMost: 1200) }
            case .count:
                if let n = Self.plainWhole(bytes, digits: 7), n <= 1_000_000 { v = Double(n) } else { v = Self.whole(bytes, atMost: 1_000_000) }
            // Twelve digits stay below the 1e12 bound.
            case .amount:
                if let n = Self.plainWhole(bytes, digits: 12) {
                    v = Double(n)
                } else if let d = DecimalNumber.parse(bytes), d >= 0, d <= 1e12 {
                    // The number `Profile.amount` reads, within its bounds.
                    v = d
                }
            case .flag:
                if Self.equals(bytes, "true") { v = 1 } else if Self.equals(bytes, "false") { v = 0 }
            case .birthDate:
                if let d = Day(bytes), d <= today, d <= asOf, d.fullYears(to: today) <= 120 { v = d.slot }
            case .pastDate:
                if let d = Day(bytes), d <= today { v = d.slot }
            case .word: v = words[c].value(bytes) ?? .nan
            // What `identifier()` accepts; a known id's code, else −1, as the checks give.
            case .identifier: if bytes.allSatisfy(Self.isIDByte) { v = words[c].value(bytes) ?? -1 }
            case .other: break
            }
            if v.isNaN { v = try checkedCell(c, bytes, line: line, lists: &lists) }
            slots[c] = v
        }
        if let m = married, slots[m] == 0, let s = spouse.first(where: { !slots[$0].isNaN }) {
            try Profile.checkSpouse(married: false, CSVCell(bytes: reader.bytes(s), file: file, line: line, key: "spouse"))
        }
        for (employed, employer) in employment where !slots[employer].isNaN {
            try Profile.checkEmployer(employed: employed.flatMap { slots[$0].isNaN ? nil : Int(slots[$0]) }, employer: Int(slots[employer]),
                                      CSVCell(bytes: reader.bytes(employer), file: file, line: line, key: header.columns[employer]))
        }
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && bytes.elementsEqual(UnsafeRawBufferPointer(start: text.utf8Start, count: bytes.count))
    }

    /// The value of 1 to `digits` decimal digits without a leading zero, or nil for anything else.
    @inline(__always)
    static func plainWhole(_ bytes: UnsafeRawBufferPointer, digits: Int) -> Int? {
        let n = bytes.count
        guard n <= digits, n == 1 || bytes[0] != UInt8(ascii: "0") else { return nil }
        var v = 0
        for k in 0..<n {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
        }
        return v
    }

    /// A whole number written otherwise (`12.0`, `1e2`, as spreadsheets and other programs write
    /// them) from 0 to `atMost`, as `wholeNumber()` and the bound checks read it; NaN for anything
    /// else, which is left to those checks.
    @inline(__always)
    static func whole(_ bytes: UnsafeRawBufferPointer, atMost: Double) -> Double {
        guard let d = DecimalNumber.parse(bytes), d >= 0, d <= atMost, d == d.rounded() else { return .nan }
        // Through Int as the checks go, so that `-0` is read as 0.
        return Double(Int(d))
    }

    /// Column `c`'s cell read by the profile decoder's own checks: the value, or the message.
    func checkedCell(_ c: Int, _ bytes: UnsafeRawBufferPointer, line: Int, lists: inout RowLists) throws -> Double {
        let cell = CSVCell(bytes: bytes, file: file, line: line, key: header.columns[c])
        let v: Double
        switch kinds[c] {
        case .id: v = .nan
        case .evaluationDate:
            guard let d = Day(String(decoding: bytes, as: UTF8.self)) else { throw cell.error("expected a date YYYY-MM-DD, found \(cell.describeValue)") }
            guard d == asOf else {
                throw cell.error("this row is dated \(d) but the applicants are evaluated as of \(asOf); leave out --as-of to use the file's date, or give --as-of \(d)")
            }
            v = .nan
        case .birthDate:
            let d = try Profile.birthDate(cell, today: today)
            guard d <= asOf else { throw cell.error("birth date \(d) is after the evaluation date \(asOf)") }
            v = d.slot
        case .pastDate: v = try Profile.pastDate(cell, today: today).slot
        case .months: v = Double(try Profile.months(cell))
        case .count: v = Double(try Profile.count(cell))
        case .amount: v = try Profile.amount(cell)
        case .flag: v = try cell.bool() ? 1 : 0
        case .level(let known, let check): v = try known.value(bytes) ?? Double(check(cell))
        case .district(let place, let known, let codes, let accepted):
            v = try known.value(bytes) ?? codes[Profile.district(cell, place: place, known: accepted)] ?? -1
        case .identifier(let codes): v = codes[try cell.identifier()] ?? -1
        case .awards:
            v = .nan
            lists.awards = Self.isEmptyList(bytes) ? [] : try JSONCell.parse(bytes, file: file, line: line, column: cell.key).list()
                .map { try Profile.award($0, today: today) }
        case .conduct:
            v = .nan
            lists.conduct = Self.isEmptyList(bytes) ? [] : try JSONCell.parse(bytes, file: file, line: line, column: cell.key).list()
                .map { try Profile.conduct($0, today: today) }
        case .yearly:
            let history = try Profile.yearlyAmounts(JSONCell.parse(bytes, file: file, line: line, column: cell.key), today: today)
            lists.yearly[c] = history
            v = Double(history.count)
        }
        return v
    }

    /// A feature's value for one row, as `CompiledEdition.extract` computes it from the same profile.
    func value(_ source: Source, _ slots: UnsafeBufferPointer<Double>, _ lists: RowLists) -> Double {
        func given(_ s: Int?) -> Bool { s.map { !slots[$0].isNaN } ?? false }
        switch source {
        case .zero: return 0
        case .slot(let s): return slots[s].isNaN ? 0 : slots[s]
        case .age(let b):
            guard b >= 0, !slots[b].isNaN else { return .nan }
            return Double(Day(slot: slots[b]).fullYears(to: asOf))
        case .given(let list): return list.contains { !slots[$0].isNaN } ? 1 : 0
        case .homeOwned(let home, let offPlan):
            guard home.contains(where: { !slots[$0].isNaN }) else { return 0 }
            return given(offPlan) && slots[offPlan!] == 1 ? 0 : 1
        case .homeMonths(let home, let offPlan, let since):
            guard home.contains(where: { !slots[$0].isNaN }), !(given(offPlan) && slots[offPlan!] == 1), given(since) else { return 0 }
            return Double(Day(slot: slots[since!]).fullMonths(to: asOf))
        case .homeMonthsKnown(let home, let offPlan, let since):
            guard home.contains(where: { !slots[$0].isNaN }) else { return 0 }
            return given(offPlan) && slots[offPlan!] == 1 || given(since) ? 1 : 0
        case .insurance(let specific, let insured):
            if given(specific) { return slots[specific!] }
            return given(insured) ? slots[insured!] : 0
        case .date(let s): return given(s) ? Double(Day(slot: slots[s!]).ordinal) : .infinity
        case .sum(let parts):
            var total = 0.0
            for p in parts { total += value(p, slots, lists) }
            return total
        case .awards(let f): return lists.awards.map { CompiledEdition.count(f, awards: $0, asOf: asOf) } ?? 0
        case .conduct(let f): return lists.conduct.map { CompiledEdition.count(f, conduct: $0, asOf: asOf) } ?? 0
        case .all(let parts): return parts.allSatisfy { value($0, slots, lists) == 1 } ? 1 : 0
        case .minimum(let parts): return parts.map { value($0, slots, lists) }.min() ?? 0
        case .difference(let a, let b): return max(0, value(a, slots, lists) - value(b, slots, lists))
        case .firstGiven(let parts):
            for p in parts.dropLast() where value(p.given, slots, lists) == 1 { return value(p.value, slots, lists) }
            return parts.last.map { value($0.value, slots, lists) } ?? 0
        case .window(let inner, let from, let to, let home):
            guard let home else { return CompiledEdition.monthsInWindow(count: value(inner, slots, lists), from: from, to: to, asOf: asOf) }
            guard home.home.contains(where: { !slots[$0].isNaN }), !(given(home.offPlan) && slots[home.offPlan!] == 1),
                  given(home.since) else { return 0 }
            return CompiledEdition.monthsInWindow(since: Day(slot: slots[home.since!]), from: from, to: to, asOf: asOf)
        case .years(let column, let last, let atLeast):
            guard let column, let history = lists.yearly[column] else { return 0 }
            return CompiledEdition.qualifyingYears(history, last: last, atLeast: atLeast, asOf: asOf)
        }
    }

    /// The lists one row's cells hold, read by the features that count in them.
    struct RowLists {
        var awards: [Award]?
        var conduct: [ConductRecord]?
        /// Yearly histories by column.
        var yearly: [Int: [YearlyAmount]] = [:]
    }

    static func isEmptyList(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 2 && bytes[0] == UInt8(ascii: "[") && bytes[1] == UInt8(ascii: "]")
    }

    /// 64-bit FNV-1a of the id's bytes, mixed (SplitMix64's finaliser) so that table slots spread.
    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
