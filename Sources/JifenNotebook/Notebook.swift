import Foundation

/// An executable markdown notebook: prose, `jifen` command cells and the recorded output of each.
///
/// Parsing keeps every byte: joining the cells' `source` gives back the original text exactly, so
/// running a notebook changes nothing but its output blocks.
public struct Notebook: Equatable, Sendable {
    public var cells: [Cell]
    /// Relative paths of images linked from the prose (`![…](charts/x.svg)`), in order.
    public var imageLinks: [String]

    /// The markdown the cells were parsed from (or have been edited into).
    public var markdown: String {
        cells.map(\.source).joined()
    }

    /// Reads a notebook. Fenced blocks whose info string is `jifen` are command cells and those
    /// whose info string is `output` are their recorded outputs; every other block is prose.
    public init(parsing markdown: String) throws {
        var cells: [Cell] = []
        var images: [String] = []
        var prose = ""
        let lines = Self.lines(of: markdown)
        var index = 0

        func flushProse() {
            if !prose.isEmpty { cells.append(.prose(prose)) }
            prose = ""
        }

        while index < lines.count {
            let line = lines[index]
            guard let fence = Fence(opening: line) else {
                images += Self.imageLinks(in: line)
                prose += line
                index += 1
                continue
            }
            let start = index
            var end = index + 1
            while end < lines.count, !fence.isClosed(by: lines[end]) { end += 1 }
            let closed = end < lines.count
            let blockLines = lines[start...min(end, lines.count - 1)]
            let body = lines[(start + 1)..<min(end, lines.count)].joined()
            let source = blockLines.joined()
            index = end + 1
            switch fence.info {
            case "jifen":
                guard closed else { throw NotebookError.unclosedFence(line: start + 1, info: fence.info) }
                flushProse()
                cells.append(.command(try CommandCell(source: source, body: body, line: start + 1)))
            case "output":
                guard closed else { throw NotebookError.unclosedFence(line: start + 1, info: fence.info) }
                // Only blank lines may separate an output block from its command.
                guard prose.allSatisfy(\.isWhitespace), case .command? = cells.last else { throw NotebookError.outputWithoutCommand(line: start + 1) }
                flushProse()
                cells.append(.output(OutputCell(source: source, recorded: RecordedOutput(blockBody: body), line: start + 1)))
            default:
                prose += source
            }
        }
        flushProse()
        self.cells = cells
        self.imageLinks = images
    }

    /// Reads the notebook in the file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(parsing: String(contentsOf: url, encoding: .utf8))
    }

    /// For each command cell, the index of its output cell if it has one: the next cell, past
    /// blank prose only.
    var outputIndices: [Int: Int] {
        var pairs: [Int: Int] = [:]
        for (index, cell) in cells.enumerated() {
            guard case .command = cell else { continue }
            var next = index + 1
            while next < cells.count, case let .prose(text) = cells[next], text.allSatisfy(\.isWhitespace) { next += 1 }
            if next < cells.count, case .output = cells[next] { pairs[index] = next }
        }
        return pairs
    }

    /// `text` cut after each line terminator, terminators kept.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character.isNewline {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func imageLinks(in line: String) -> [String] {
        var links: [String] = []
        var rest = line[...]
        while let open = rest.range(of: "![") {
            rest = rest[open.upperBound...]
            guard let middle = rest.range(of: "]("), let close = rest[middle.upperBound...].firstIndex(of: ")") else { break }
            let target = rest[middle.upperBound..<close].split(separator: " ").first.map(String.init) ?? ""
            rest = rest[rest.index(after: close)...]
            if !target.isEmpty, !target.contains("://"), !target.hasPrefix("/"), !target.hasPrefix("data:") {
                links.append(target)
            }
        }
        return links
    }
}

/// One piece of a notebook.
public enum Cell: Equatable, Sendable {
    /// Markdown kept as written, including fenced blocks that are not cells.
    case prose(String)
    case command(CommandCell)
    case output(OutputCell)

    /// The exact text of the cell in the notebook.
    public var source: String {
        switch self {
        case let .prose(text): return text
        case let .command(cell): return cell.source
        case let .output(cell): return cell.source
        }
    }
}

/// A ```` ```jifen ```` block holding one `jifen …` command line.
public struct CommandCell: Equatable, Sendable {
    /// The whole block, fences included.
    public var source: String
    /// The command as written, continuation lines included.
    public var commandLine: String
    /// The words after `jifen`, as the executor receives them.
    public var arguments: [String]
    /// 1-based line of the opening fence.
    public var line: Int

    init(source: String, body: String, line: Int) throws {
        self.source = source
        self.line = line
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        self.commandLine = trimmed
        guard !trimmed.isEmpty else { throw NotebookError.emptyCommand(line: line) }
        let logicalLines = trimmed.replacingOccurrences(of: "\\\r\n", with: " ").replacingOccurrences(of: "\\\n", with: " ")
            .split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard logicalLines.count == 1 else { throw NotebookError.severalCommands(line: line) }
        let words = try ShellWords.split(trimmed)
        guard words.first == "jifen" else { throw NotebookError.notACommand(line: line, text: trimmed) }
        self.arguments = Array(words.dropFirst())
    }

    /// Chart files the command writes: the values of `--plot PATH` and `--plot=PATH`.
    public var plotPaths: [String] {
        var paths: [String] = []
        for (index, word) in arguments.enumerated() {
            if word == "--plot", index + 1 < arguments.count {
                paths.append(arguments[index + 1])
            } else if word.hasPrefix("--plot=") {
                paths.append(String(word.dropFirst("--plot=".count)))
            }
        }
        return paths
    }
}

/// A ```` ```output ```` block: what the preceding command printed.
public struct OutputCell: Equatable, Sendable {
    public var source: String
    public var recorded: RecordedOutput
    /// 1-based line of the opening fence.
    public var line: Int
}

/// A command's standard output and exit status, as kept in an output block.
///
/// In the block, stdout is written as is (a final newline added if missing) and a nonzero exit
/// status as a last line `[exit status N]`.
public struct RecordedOutput: Equatable, Sendable {
    public var stdout: String
    public var exitStatus: Int32

    /// Normalises line endings to `\n` and ends non-empty output with a newline, so a recording
    /// compares equal to a fresh run that printed the same lines.
    public init(stdout: String, exitStatus: Int32) {
        var text = stdout.replacingOccurrences(of: "\r\n", with: "\n")
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        self.stdout = text
        self.exitStatus = exitStatus
    }

    init(blockBody: String) {
        var lines = Notebook.lines(of: blockBody.replacingOccurrences(of: "\r\n", with: "\n"))
        var status: Int32 = 0
        if let last = lines.last, let parsed = Self.exitStatus(inLine: last) {
            status = parsed
            lines.removeLast()
        }
        self.init(stdout: lines.joined(), exitStatus: status)
    }

    private static func exitStatus(inLine line: String) -> Int32? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("[exit status "), text.hasSuffix("]") else { return nil }
        return Int32(text.dropFirst("[exit status ".count).dropLast())
    }

    /// The lines shown in the block, exit status included.
    var blockBody: String {
        stdout + (exitStatus == 0 ? "" : "[exit status \(exitStatus)]\n")
    }

    /// The complete output block, with a fence longer than any backtick run that starts a line
    /// of the output so the output can never close it early.
    func block(lineEnding: String) -> String {
        let body = blockBody
        var longest = 0
        for line in Notebook.lines(of: body) {
            let run = line.drop { $0 == " " }.prefix { $0 == "`" }.count
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let lines = Notebook.lines(of: body).map { $0.hasSuffix("\n") ? String($0.dropLast()) + lineEnding : $0 }
        return fence + "output" + lineEnding + lines.joined() + fence + lineEnding
    }
}

/// A CommonMark code fence: three or more backticks or tildes, indented at most three spaces.
struct Fence {
    let character: Character
    let length: Int
    /// First word of the info string.
    let info: String

    init?(opening line: String) {
        let content = line.trimmingCharacters(in: .newlines)
        let indent = content.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = content.dropFirst(indent)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let length = rest.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        let infoText = rest.dropFirst(length).trimmingCharacters(in: .whitespaces)
        // A backtick fence's info string may not contain backticks (CommonMark).
        if first == "`", infoText.contains("`") { return nil }
        self.character = first
        self.length = length
        self.info = infoText.split(separator: " ").first.map(String.init) ?? ""
    }

    func isClosed(by line: String) -> Bool {
        let content = line.trimmingCharacters(in: .newlines)
        let indent = content.prefix { $0 == " " }.count
        guard indent <= 3 else { return false }
        let rest = content.dropFirst(indent)
        let run = rest.prefix { $0 == character }.count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
