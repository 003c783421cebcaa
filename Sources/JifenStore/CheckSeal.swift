import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of a store's files when `PRAGMA quick_check` last passed, kept beside the store in
/// `<store>-checked`, so that the check (linear in the file: about 2 s for a 150 MB store on a
/// slow disk) runs only when the file changed since.
///
/// The state is each file's device, inode, size and modification time (nanoseconds), for the
/// store and its `-wal`: any write, by SQLite or by anything else, changes it. Writing the seal is
/// best effort: where it cannot be written (a read-only mount) the check simply runs every time.
struct CheckSeal {
    let file: String
    let state: String?

    init(store path: String) {
        file = path + "-checked"
        let parts = [path, path + "-wal"].map(Self.describe)
        state = parts[0] == nil ? nil : parts.map { $0 ?? "-" }.joined(separator: " ")
    }

    /// Whether the last check that passed saw the files exactly as they are.
    var isCurrent: Bool {
        guard let state, let sealed = try? String(contentsOfFile: file, encoding: .utf8) else { return false }
        return sealed == state
    }

    /// Records that the check passed on the files as they are.
    func record() {
        guard let state else { return }
        try? state.write(toFile: file, atomically: true, encoding: .utf8)
    }

    private static func describe(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified)"
    }
}
