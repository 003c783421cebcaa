/// One CSV cell being checked as a profile field: the bytes of the cell, named by the CSV line
/// and its column (the field's dotted path). Numbers are parsed from the bytes; everything else
/// goes through the same readers as a profile file's values.
struct CSVCell: FieldValue {
    let bytes: UnsafeRawBufferPointer
    let file: String
    let line: Int
    let key: String

    var scalar: (text: String, quoted: Bool)? { (String(decoding: bytes, as: UTF8.self), false) }
    var kindName: String { "a single value" }

    func error(_ message: String) -> InputError { InputError(file: file, line: line, key: key, message) }

    func number() throws -> Double {
        guard let d = DecimalNumber.parse(bytes) else { throw error("expected a number, found \(describeValue)") }
        return d
    }
}
