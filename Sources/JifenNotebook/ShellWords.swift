import Foundation

/// Splits a command line into words the way a POSIX shell quotes them, without any expansion.
///
/// Supported: blanks separate words; `'…'` is literal; `"…"` is literal except that a backslash
/// escapes `"`, `\`, `$`, `` ` `` and a newline; outside quotes a backslash escapes any character;
/// backslash-newline continues the line; `#` at the start of a word begins a comment. Nothing is
/// expanded: `$HOME`, `*`, `|`, `>` and `;` are passed on as written.
public enum ShellWords {
    /// The words of `line`, or `NotebookError.quoting` for an unterminated quote or a trailing backslash.
    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var characters = Array(line)[...]

        func finishWord() {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        }

        while let c = characters.popFirst() {
            switch c {
            case " ", "\t", "\n", "\r\n", "\r":
                finishWord()
            case "#" where !inWord:
                // A comment runs to the end of the line.
                while let next = characters.first, !next.isNewline { characters.removeFirst() }
            case "'":
                inWord = true
                guard let close = characters.firstIndex(of: "'") else {
                    throw NotebookError.quoting(line: line, problem: "unterminated single quote")
                }
                current += characters[characters.startIndex..<close]
                characters = characters[(close + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = characters.popFirst() {
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", let next = characters.first, "\"\\$`\n".contains(next) || next == "\r\n" {
                        characters.removeFirst()
                        if !next.isNewline { current.append(next) }
                    } else {
                        current.append(d)
                    }
                }
                if !closed { throw NotebookError.quoting(line: line, problem: "unterminated double quote") }
            case "\\":
                guard let next = characters.popFirst() else {
                    throw NotebookError.quoting(line: line, problem: "backslash at the end of the line")
                }
                if !next.isNewline {
                    inWord = true
                    current.append(next)
                }
            default:
                inWord = true
                current.append(c)
            }
        }
        finishWord()
        return words
    }

    /// `words` written back as a command line that `split` turns into the same words.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    /// One word, single-quoted when it holds anything a shell would treat specially.
    public static func quote(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ plain.contains($0) || $0.value > 0x7F }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
