import Foundation

/// The size of the largest JSON answer so far, so each answer's buffer is reserved once at a
/// size it fits in rather than grown and copied as it is written.
final class AnswerSize: @unchecked Sendable {
    /// Shared by every request (a lock held for one read or write of an integer).
    static let largest = AnswerSize(64 * 1024)

    private let lock = NSLock()
    private var bytes: Int

    private init(_ bytes: Int) { self.bytes = bytes }

    var value: Int { lock.withLock { bytes } }

    func grow(to size: Int) {
        lock.withLock { bytes = max(bytes, size) }
    }
}
