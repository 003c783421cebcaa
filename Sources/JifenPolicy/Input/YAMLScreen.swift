import CYaml

/// A pass over a YAML document's events, before it is built into nodes, that refuses what
/// would cost more than the document's size: aliases (one `*name` may stand for a whole
/// subtree, so a few hundred bytes can expand into billions of nodes), deep nesting (each
/// level is a stack frame when the tree is built), and values longer than a field needs.
///
/// libyaml's event parser is iterative and linear in the input, so the screen itself is
/// bounded by the input size (`InputFile.yamlLimit`).
enum YAMLScreen {
    /// The deepest nesting of lists and mappings read; shipped rule books use 8.
    static let maxDepth = 64
    /// The longest single value or key, in bytes; the longest shipped note is under 1 KiB.
    static let maxScalarBytes = 4096
    /// The most values (scalars, lists, mappings) in one document; a rule book has about 3,000.
    static let maxNodes = 200_000

    /// Throws an `InputError` at the first alias, over-deep nesting, over-long value or node
    /// over the limits; malformed YAML is left for the composer to report.
    static func check(_ text: String, file: String) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        try utf8.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0, nodes = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    throw InputError(file: file, line: line, "YAML aliases (*name) are not supported, since one alias can stand for a whole copied subtree; write the value out")
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    if event.data.scalar.length > maxScalarBytes {
                        throw InputError(file: file, line: line, "a value of \(event.data.scalar.length) bytes; at most \(maxScalarBytes) bytes are read per value")
                    }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    depth += 1
                    if depth > maxDepth {
                        throw InputError(file: file, line: line, "lists and mappings nested more than \(maxDepth) deep; jifen reads at most \(maxDepth) levels")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if nodes > maxNodes {
                    throw InputError(file: file, line: line, "more than \(maxNodes) values in one document; jifen reads at most \(maxNodes)")
                }
            }
        }
    }
}
