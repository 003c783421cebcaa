import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed SVG element, to inspect charts the way a viewer would read them.
final class SVGNode {
    let name: String
    let attributes: [String: String]
    var children: [SVGNode] = []
    var text = ""
    weak var parent: SVGNode?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// All descendants (including self) in document order.
    var all: [SVGNode] {
        [self] + children.flatMap(\.all)
    }

    func double(_ key: String) -> Double {
        Double(attributes[key] ?? "") ?? .nan
    }

    var classes: [String] {
        (attributes["class"] ?? "").split(separator: " ").map(String.init)
    }

    /// The nearest enclosing group's class, e.g. "x-axis".
    var groupClass: String? {
        var node = parent
        while let current = node {
            if current.name == "g", let c = current.attributes["class"] { return c }
            node = current.parent
        }
        return nil
    }
}

/// Parses an SVG document with Foundation's XMLParser; nil when it is not well-formed XML.
final class SVGTree: NSObject, XMLParserDelegate {
    private var stack: [SVGNode] = []
    private(set) var root: SVGNode?

    static func parse(_ svg: String) -> SVGNode? {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = tree
        guard parser.parse() else { return nil }
        return tree.root
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = SVGNode(name: elementName, attributes: attributeDict)
        node.parent = stack.last
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}
