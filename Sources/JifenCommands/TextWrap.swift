import Foundation

/// Breaks `text` into lines of at most `width` terminal columns (CJK characters count two),
/// at spaces where there are any and anywhere in a run of CJK text, which has none.
/// Continuation lines start with `continuationIndent` spaces.
func wrap(_ text: String, width: Int, continuationIndent: Int = 0) -> [String] {
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    let indent = String(repeating: " ", count: continuationIndent)
    func breakLine() {
        while line.last == " " { line.removeLast(); lineWidth -= 1 }
        lines.append(line)
        line = indent
        lineWidth = continuationIndent
    }
    // Words: runs of non-spaces, except that each wide character is a word of its own.
    var words: [(text: String, space: Bool)] = []
    var current = ""
    for ch in text {
        if ch == " " {
            if !current.isEmpty { words.append((current, false)); current = "" }
            words.append((" ", true))
        } else if displayWidth(String(ch)) == 2 {
            if !current.isEmpty { words.append((current, false)); current = "" }
            words.append((String(ch), false))
        } else {
            current.append(ch)
        }
    }
    if !current.isEmpty { words.append((current, false)) }
    for word in words {
        let w = displayWidth(word.text)
        if word.space {
            if lineWidth > continuationIndent || lines.isEmpty { line += " "; lineWidth += 1 }
            continue
        }
        if lineWidth + w > width, lineWidth > (lines.isEmpty ? 0 : continuationIndent) { breakLine() }
        if w > width - lineWidth {
            // A word longer than a line (a URL, a long id) is split rather than overflowing.
            for ch in word.text {
                let cw = displayWidth(String(ch))
                if lineWidth + cw > width { breakLine() }
                line.append(ch)
                lineWidth += cw
            }
        } else {
            line += word.text
            lineWidth += w
        }
    }
    while line.last == " " { line.removeLast() }
    // Blank means only what `CharacterSet.whitespaces` holds (the Zs spaces, tab and, in
    // CoreFoundation's table, the zero-width space), tested on the scalars: Foundation's trimming
    // bridges to NSString, a visible part of `jifen score`.
    let blank = line.unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    if !blank || lines.isEmpty { lines.append(line) }
    return lines
}
