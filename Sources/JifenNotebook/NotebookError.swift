import Foundation

/// Why a notebook could not be read or run; each case names the line it is about.
public enum NotebookError: Error, Equatable, CustomStringConvertible {
    case quoting(line: String, problem: String)
    case unclosedFence(line: Int, info: String)
    case notACommand(line: Int, text: String)
    case emptyCommand(line: Int)
    case severalCommands(line: Int)
    case outputWithoutCommand(line: Int)
    case commandFailed(line: Int, command: String, message: String)

    public var description: String {
        switch self {
        case let .quoting(line, problem):
            return "cannot split the command line `\(line)`: \(problem)"
        case let .unclosedFence(line, info):
            return "line \(line): the ```\(info) block is never closed"
        case let .notACommand(line, text):
            return "line \(line): a jifen cell must hold a `jifen …` command, found `\(text)`"
        case let .emptyCommand(line):
            return "line \(line): the jifen cell is empty"
        case let .severalCommands(line):
            return "line \(line): a jifen cell holds one command; end lines with \\ to continue one"
        case let .outputWithoutCommand(line):
            return "line \(line): an output block must follow a jifen cell"
        case let .commandFailed(line, command, message):
            return "line \(line): `\(command)` could not be run: \(message)"
        }
    }
}
