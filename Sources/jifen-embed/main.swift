import Foundation

// Build tool of the EmbedData plugin: `jifen-embed ROOT OUTPUT FILE...` writes a Swift source
// declaring every FILE (relative to ROOT) as base64 text, plus a fingerprint of them all.
// Base64 keeps any byte sequence a valid, quickly compiled string literal.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: jifen-embed ROOT OUTPUT FILE...\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])

/// FNV-1a over each path and its bytes: a cheap, stable fingerprint that changes with any file.
func mix(_ bytes: some Sequence<UInt8>, into hash: inout UInt64) {
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
}
var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325

var source = """
    // Generated at build time by the EmbedData plugin from the package's data folders. Do not edit.

    extension EmbeddedData {
        static let entries: [(path: String, base64: String)] = [

    """
for path in arguments.dropFirst(3) {
    guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
        FileHandle.standardError.write(Data("jifen-embed: cannot read \(path)\n".utf8))
        exit(1)
    }
    mix(Array(path.utf8) + [0], into: &fingerprint)
    mix(data, into: &fingerprint)
    let literal = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(literal)\", \"\(data.base64EncodedString())\"),\n"
}
source += """
        ]

        public static let fingerprint = "\(String(fingerprint, radix: 16, uppercase: false).leftPadded(to: 16))"
    }

    """

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

do {
    try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
    if (try? String(contentsOf: output, encoding: .utf8)) != source {
        try source.write(to: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("jifen-embed: cannot write \(output.path): \(error)\n".utf8))
    exit(1)
}
