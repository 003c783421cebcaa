import Foundation

/// An SVG document under construction. Elements are appended in drawing order and written with
/// their attributes in the order given, so the same calls always produce the same bytes.
struct SVGDocument {
    /// Fonts that carry CJK glyphs on common systems, ending in a generic family, so Chinese
    /// labels render without embedding a font.
    static let fontStack = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"

    let size: ChartSize
    private var lines: [String] = []

    init(size: ChartSize) {
        self.size = size
    }

    /// Appends one element; `tooltip` becomes a child `<title>`, `text` its character content.
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil, tooltip: String? = nil) {
        var line = "<" + name
        for (key, value) in attributes {
            line += " \(key)=\"\(XMLText.escaped(value))\""
        }
        if text == nil && tooltip == nil {
            line += "/>"
        } else {
            line += ">"
            if let tooltip { line += "<title>\(XMLText.escaped(tooltip))</title>" }
            if let text { line += XMLText.escaped(text) }
            line += "</\(name)>"
        }
        lines.append(line)
    }

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        var line = "<" + name
        for (key, value) in attributes {
            line += " \(key)=\"\(XMLText.escaped(value))\""
        }
        lines.append(line + ">")
    }

    mutating func close(_ name: String) {
        lines.append("</\(name)>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       extra: [(String, String)] = [], tooltip: String? = nil) {
        element("rect", [("x", Num.coordinate(x)), ("y", Num.coordinate(y)),
                         ("width", Num.coordinate(max(0, width))), ("height", Num.coordinate(max(0, height))),
                         ("fill", fill)] + extra, tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, extra: [(String, String)] = []) {
        element("line", [("x1", Num.coordinate(x1)), ("y1", Num.coordinate(y1)),
                         ("x2", Num.coordinate(x2)), ("y2", Num.coordinate(y2)),
                         ("stroke", stroke), ("stroke-width", Num.coordinate(width))] + extra)
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start,
                       fill: String = Palette.text, weight: String? = nil, extra: [(String, String)] = []) {
        var attributes: [(String, String)] = [("x", Num.coordinate(x)), ("y", Num.coordinate(y)),
                                              ("font-size", Num.coordinate(size)), ("fill", fill)]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if let weight { attributes.append(("font-weight", weight)) }
        element("text", attributes + extra, text: content)
    }

    /// The finished document: XML declaration, root element with the font stack, a white
    /// background and an accessible `<title>`.
    func serialized(title: String, description: String?) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let w = Num.coordinate(size.width), h = Num.coordinate(size.height)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        out += " font-family=\"\(XMLText.escaped(Self.fontStack))\" role=\"img\">\n"
        out += "<title>\(XMLText.escaped(title))</title>\n"
        if let description, !description.isEmpty {
            out += "<desc>\(XMLText.escaped(description))</desc>\n"
        }
        out += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        for line in lines {
            out += line + "\n"
        }
        out += "</svg>\n"
        return out
    }
}

enum TextAnchor: String {
    case start, middle, end
}

/// Escaping for XML character data and attribute values.
public enum XMLText {
    /// `text` with `& < > "` replaced by entities and characters that XML 1.0 forbids dropped,
    /// so any label (including CJK) yields a well-formed document.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// Locale-independent number text, so output never depends on the machine it was made on.
enum Num {
    /// At most two decimals, trailing zeros dropped: pixel coordinates and value labels.
    static func coordinate(_ x: Double) -> String {
        trimmed(x, decimals: 2)
    }

    static func trimmed(_ x: Double, decimals: Int) -> String {
        var text = fixed(x, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Exactly `decimals` decimals, rounded half away from zero; never "-0".
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "0" }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(x) * factor).rounded()
        guard scaled < 9e15 else { return String(Int64(x.rounded())) }
        let magnitude = UInt64(scaled)
        let divisor = UInt64(factor)
        let whole = magnitude / divisor
        var text = (x < 0 && magnitude != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(magnitude % divisor)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }
}
