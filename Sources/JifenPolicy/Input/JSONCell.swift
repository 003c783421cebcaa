/// The JSON of one CSV cell (`awards`, `conduct`, `income_tax_years`) read into a `Tree` by the
/// shared `JSONReader`, so that it is checked by the same decoder as a profile file.
///
/// Values keep their place for messages: the CSV line, and paths such as `awards[1].kind`.
public enum JSONCell {
    /// Parses `bytes` (the cell's text) as one JSON value.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String, line: Int, column: String) throws -> Tree {
        switch JSONReader.read(bytes, path: column, dialect: .full(line: line), builder: TreeBuilder(file: file)) {
        case .success(let tree): return tree
        case .failure(.malformed(let what, let at)):
            throw InputError(file: file, line: line, key: column, "malformed JSON: \(what) at character \(at + 1) of the cell")
        case .failure(.duplicateKey(let path)): throw InputError(file: file, line: line, key: path, "duplicate key")
        case .failure(.notPlain): preconditionFailure("the full dialect reads any JSON")
        }
    }

    /// Parses a cell given as text.
    public static func parse(_ text: String, file: String, line: Int, column: String) throws -> Tree {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), file: file, line: line, column: column) }
    }
}
