/// Builds `Tree`s for the shared `JSONReader`: the nodes a YAML reader would make of the same
/// JSON, with the file named in messages.
public struct TreeBuilder: JSONNodeBuilder {
    public let file: String

    public init(file: String) { self.file = file }

    public func null(line: Int, path: String) -> Tree { Tree(value: .null, file: file, line: line, path: path) }

    public func scalar(_ text: String, quoted: Bool, line: Int, path: String) -> Tree {
        Tree(value: .scalar(text, quoted: quoted), file: file, line: line, path: path)
    }

    public func list(_ items: [Tree], line: Int, path: String) -> Tree { Tree(value: .list(items), file: file, line: line, path: path) }

    public func map(_ pairs: [(key: String, value: Tree)], line: Int, path: String) -> Tree {
        Tree(value: .map(pairs), file: file, line: line, path: path)
    }
}

extension Tree {
    /// The tree of a plain JSON document (an API request body), the one the YAML reader would
    /// build from it, lines included; nil when the text is not JSON of the plain kind
    /// (`JSONReader.Dialect.plain`), so that the caller reads it with the YAML reader and its messages.
    public static func plainJSON(_ bytes: UnsafeRawBufferPointer, file: String) -> Tree? {
        try? JSONReader.read(bytes, path: "", dialect: .plain, builder: TreeBuilder(file: file)).get()
    }
}
