import Foundation

/// Reading an input file with a size bound, so that a huge file, a device such as `/dev/zero` or a
/// pipe that never ends costs at most the bound in memory and time.
public enum InputFile {
    /// The largest YAML or JSON document jifen reads (rule books, profiles, reforms, pool models):
    /// 1 MiB, fifty times the largest shipped rule book.
    public static let yamlLimit = 1 << 20

    /// Reads at most `limit` bytes of UTF-8 text from `path`; a longer file is an error naming
    /// the bound. `what` names the file's role in messages ("the rule book").
    public static func text(_ path: String, display: String? = nil, limit: Int = yamlLimit, what: String = "the file") throws -> String {
        let name = display ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: name, "cannot read \(what) (does it exist?)")
        }
        if isDirectory.boolValue { throw InputError(file: name, "is a folder; expected \(what) as a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: name, "cannot read \(what) (no permission?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw InputError(file: name, "cannot read \(what) (\(error.localizedDescription))")
        }
        guard data.count <= limit else {
            throw InputError(file: name, "is larger than \(byteCount(limit)), the most jifen reads for \(what)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: name, "is not UTF-8 text") }
        return text
    }

    /// "1 MiB", "64 KiB", "100 bytes".
    public static func byteCount(_ n: Int) -> String {
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        return "\(n) bytes"
    }
}
