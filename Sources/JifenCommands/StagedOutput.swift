import Foundation
import JifenPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output written as it is produced to a temporary file, which becomes the output only when
/// the whole run succeeds: renamed over `--output`, or copied to standard output or into a device
/// or pipe named as `--output` (renaming over `/dev/null` would replace the device). A failed run
/// leaves nothing, and memory does not grow with the output.
final class StagedOutput {
    private let destination: String?
    /// The destination is a device or pipe: written in place, never renamed over.
    private let inPlace: Bool
    private let temporary: String
    private let stream: UnsafeMutablePointer<FILE>
    private var closed = false

    /// A staging file next to `destination` (so the rename stays on one file system), or in the
    /// temporary folder for standard output.
    init(destination: String?) throws {
        self.destination = destination
        inPlace = destination.map { let id = FileIdentity($0); return id.exists && !id.isRegular && !id.isFolder } ?? false
        let folder: String
        if let destination, !inPlace {
            let parent = (destination as NSString).deletingLastPathComponent
            folder = parent.isEmpty ? "." : parent
        } else {
            folder = NSTemporaryDirectory()
        }
        var template = Array((folder as NSString).appendingPathComponent(".jifen-output-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        // mkstemp makes the file private; the output gets the mode any new file would.
        let mask = umask(0)
        umask(mask)
        if fd >= 0 { fchmod(fd, 0o666 & ~mask) }
        guard fd >= 0, let stream = fdopen(fd, "w") else {
            throw InputError(file: destination ?? "standard output", "cannot write the output file (\(String(cString: strerror(errno))))")
        }
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.stream = stream
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fwrite(bytes.baseAddress, 1, bytes.count, stream) == bytes.count else { throw failure() }
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Moves the finished output into place.
    func commit() throws {
        guard fflush(stream) == 0 else { throw failure() }
        if let destination, !inPlace {
            closed = true
            guard fclose(stream) == 0, rename(temporary, destination) == 0 else { throw failure() }
            return
        }
        rewind(stream)
        guard let input = fopen(temporary, "r") else { throw failure() }
        defer { fclose(input); discard() }
        let sink = try destination.map { path in
            guard let handle = FileHandle(forWritingAtPath: path) else { throw failure() }
            return handle
        } ?? FileHandle.standardOutput
        defer { if destination != nil { try? sink.close() } }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = fread(&buffer, 1, buffer.count, input)
            if n == 0 { break }
            do { try sink.write(contentsOf: Data(buffer[..<n])) } catch { throw failure() }
        }
    }

    /// Removes the staging file (after a failure).
    func discard() {
        if !closed { fclose(stream) }
        closed = true
        unlink(temporary)
    }

    private func failure() -> InputError {
        let reason = String(cString: strerror(errno))
        discard()
        return InputError(file: destination ?? "standard output", "cannot write the output file (\(reason))")
    }

    /// Runs `body` with a staged output and commits it, or discards it if `body` fails.
    static func write(to destination: String?, _ body: (StagedOutput) throws -> Void) throws {
        let out = try StagedOutput(destination: destination)
        do {
            try body(out)
        } catch {
            out.discard()
            throw error
        }
        try out.commit()
    }
}
