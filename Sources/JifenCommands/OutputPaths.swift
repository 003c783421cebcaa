import Foundation
import JifenPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a command will write, checked before it computes anything: each must be writable
/// where it is, and none may be one of the command's inputs, its rule books or its run store
/// (compared as real files: symbolic links, hard links, `..` and relative paths all resolve).
///
/// Each command calls `check` once, first thing, so a bad `--output` costs nothing and a
/// finished simulation is never lost to an unwritable path.
enum OutputPaths {
    /// Throws an `InputError` naming the output's option when it cannot or must not be written.
    ///
    /// - Parameters:
    ///   - outputs: option name and path of each file the command may write (nil when not asked).
    ///   - inputs: option name and path of each file or folder the command reads.
    ///   - store: the run store the command records in, if any (its `-wal`, `-shm` and
    ///     `-journal` companions are protected with it).
    static func check(_ outputs: [(option: String, path: String?)], inputs: [(option: String, path: String?)],
                      store: String? = nil) throws {
        // `runs rerun` computes without writing anything.
        guard RunCapture.current == nil else { return }
        let protected = inputs.compactMap { i in i.path.map { (i.option, $0, FileIdentity($0)) } }
            + (store.map { s in ["", "-wal", "-shm", "-journal", "-checked"].map { ("--db", s, FileIdentity(s + $0)) } } ?? [])
        var seen: [(String, FileIdentity)] = []
        for case let (option, path?) in outputs {
            let file = "\(option) \(path)"
            guard !path.isEmpty else { throw InputError(file: option, "expected a file name, found an empty one") }
            let identity = FileIdentity(path)
            if identity.isFolder { throw InputError(file: file, "is a folder; expected a file to write") }
            let parent = (identity.canonical as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
                throw InputError(file: file, "cannot be written: the folder \(parent) does not exist")
            }
            if identity.exists && !identity.isRegular {
                guard access(identity.canonical, W_OK) == 0 else { throw InputError(file: file, "cannot be written: no permission") }
            } else {
                guard access(parent, W_OK) == 0 else { throw InputError(file: file, "cannot be written: no permission to write in \(parent)") }
            }
            for (inputOption, inputPath, input) in protected {
                if identity.isSameFile(as: input) {
                    let what = inputOption == "--db" ? "the run store (--db \(inputPath))" : "the input \(inputOption) \(inputPath)"
                    throw InputError(file: file, "is \(what); writing it would destroy it, so choose another file")
                }
                if input.isFolder, identity.canonical.hasPrefix(input.canonical + "/") {
                    throw InputError(file: file, "is inside \(inputOption) \(inputPath), which the command reads; choose a file elsewhere")
                }
            }
            if let other = seen.first(where: { $0.1.isSameFile(as: identity) }) {
                throw InputError(file: file, "is also given to \(other.0); each output needs its own file")
            }
            seen.append((option, identity))
        }
    }
}

extension RulesOptions {
    /// The rules folder, as an input no output may be written into.
    var input: (option: String, path: String?) { ("--rules-dir", try? directory().path) }
}

extension StoreOptions {
    /// The store this command records in; nil under `--no-store`.
    var recordedIn: String? { noStore ? nil : location.path }
}

/// Writes one line to standard error; a stderr that cannot be written (a full disk, a closed
/// pipe) is ignored rather than trapping, since there is nowhere left to report it.
func note(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
}

/// Writes `text` to `path` whole or not at all: through a temporary file renamed over a regular
/// file, directly into a device or pipe (`/dev/null`, `/dev/stdout`), which must never be replaced.
func write(_ text: String, to path: String, what: String) throws {
    do {
        let identity = FileIdentity(path)
        if identity.exists && !identity.isRegular && !identity.isFolder {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(text.utf8))
        } else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    } catch {
        throw InputError(file: path, "cannot write \(what) (\(error.localizedDescription))")
    }
}

/// Which file a path names: its device and inode when it exists, else its canonical path.
struct FileIdentity {
    /// The real path: symbolic links resolved (for a missing file, its folder's).
    let canonical: String
    let exists: Bool
    let isFolder: Bool
    let isRegular: Bool
    private let node: (device: UInt64, inode: UInt64)?

    init(_ path: String) {
        let absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
        var info = stat()
        if stat(absolute, &info) == 0 {
            exists = true
            isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            isRegular = (info.st_mode & S_IFMT) == S_IFREG
            node = (UInt64(info.st_dev), UInt64(info.st_ino))
            canonical = Self.realPath(absolute) ?? (absolute as NSString).standardizingPath
        } else {
            exists = false
            isFolder = false
            isRegular = false
            node = nil
            let folder = (absolute as NSString).deletingLastPathComponent
            let name = (absolute as NSString).lastPathComponent
            canonical = ((Self.realPath(folder) ?? (folder as NSString).standardizingPath) as NSString).appendingPathComponent(name)
        }
    }

    func isSameFile(as other: FileIdentity) -> Bool {
        if let a = node, let b = other.node { return a == b }
        return canonical == other.canonical
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
