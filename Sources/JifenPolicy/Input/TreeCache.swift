import Foundation

/// Parsed rule books kept between runs, so that a command about one profile does not parse
/// YAML on every call: each file's `Tree` in a compact binary form, with the text it was parsed
/// from, in a file named by the SHA-256 of the build that parsed it and of the file's identity
/// (device, inode, size, modification and change times), or of its text when it has none.
///
/// Only text that parsed and passed every check is stored, so an error is always found and
/// worded by the parser itself. An entry is used only when its header, key, length and checksum
/// all match, the text it holds is byte for byte the text just read, and every string in it is
/// valid UTF-8; anything else (missing, truncated, corrupt, left by another build, made from
/// other text) is ignored, parsed again and rewritten. Entries are written to a
/// temporary file in the folder and renamed, so a reader never sees half of one; a folder that
/// cannot be written only means nothing is kept.
public struct TreeCache: Sendable {
    /// Where the entries are (`<key>.tree`).
    public var folder: URL
    /// What identifies the parser: the version and the executable, so that a rebuilt jifen
    /// never reads trees another build wrote.
    public var build: String

    /// The environment variable naming the cache folder, or `off` to keep no cache.
    public static let environmentVariable = "JIFEN_CACHE"
    /// Format of an entry; a new layout gets a new number (and so new keys).
    static let magic = Array("jifen-tree/2\n".utf8)

    public init(folder: URL, build: String) {
        self.folder = folder
        self.build = build
    }

    /// The user's cache: `$JIFEN_CACHE` (a folder; `off` keeps none), else
    /// `$XDG_CACHE_HOME/jifen/parsed`, else `~/.cache/jifen/parsed`; nil when there is none.
    /// `build` is added to the executable's size and modification time.
    ///
    /// Reads single variables (`getenv`) rather than building the whole environment.
    public static func standard(version: String) -> TreeCache? {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        let build = "\(version) \(executableStamp())"
        if let named = variable(environmentVariable) {
            return named == "off" ? nil : TreeCache(folder: URL(fileURLWithPath: named), build: build)
        }
        if let xdg = variable("XDG_CACHE_HOME"), xdg.hasPrefix("/") {
            return TreeCache(folder: URL(fileURLWithPath: xdg).appendingPathComponent("jifen/parsed"), build: build)
        }
        if let home = variable("HOME"), home.hasPrefix("/") {
            return TreeCache(folder: URL(fileURLWithPath: home).appendingPathComponent(".cache/jifen/parsed"), build: build)
        }
        return nil
    }

    /// The running executable's size and modification time (empty when unknown).
    static func executableStamp() -> String {
        var info = stat()
        #if os(Linux)
        guard stat("/proc/self/exe", &info) == 0 else { return "" }
        #else
        guard let path = Bundle.main.executablePath, stat(path, &info) == 0 else { return "" }
        #endif
        #if os(Linux)
        let modified = info.st_mtim
        #else
        let modified = info.st_mtimespec
        #endif
        return "\(info.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
    }

    /// This cache, unless its folder is inside `directory` (the data it caches): the cache never
    /// writes into a data folder.
    public func outside(_ directory: URL) -> TreeCache? {
        let data = directory.standardizedFileURL.path, mine = folder.standardizedFileURL.path
        return mine == data || mine.hasPrefix(data.hasSuffix("/") ? data : data + "/") ? nil : self
    }

    /// The entry's file for `text`.
    func entry(for key: String) -> URL { folder.appendingPathComponent(key + ".tree") }

    /// The key of `text`: the SHA-256 of the format, the build and the text.
    func key(_ text: String) -> String {
        ContentHash.sha256(Data(Self.magic) + Data("\(build)\u{0}".utf8) + Data(text.utf8))
    }

    /// The key of the file at `path` as it is now: the SHA-256 of the format, the build and the
    /// file's device, inode, size, modification and change times; nil when it cannot be read.
    /// Hashing these few bytes instead of the text is what makes the key cheap; it only names
    /// the entry, which is used only if the text it holds is the text read (`decode`).
    func key(file path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #else
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        let identity = "\(info.st_dev) \(info.st_ino) \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec) \(changed.tv_sec).\(changed.tv_nsec)"
        return ContentHash.sha256(Data(Self.magic) + Data("\(build)\u{0}file\u{0}\(identity)".utf8))
    }

    /// The tree of `text` (from `file`, read from `path` when there is one): the stored one when
    /// a valid entry made from the same text exists, else what `parse` returns, stored for the
    /// next run. Errors from `parse` pass through unchanged.
    public func tree(of text: String, file: String, at path: String? = nil, parse: () throws -> Tree) throws -> Tree {
        let key = path.flatMap { self.key(file: $0) } ?? self.key(text)
        let url = entry(for: key)
        if let bytes = try? Data(contentsOf: url), let tree = Self.decode([UInt8](bytes), key: key, text: text, file: file) {
            return tree
        }
        let tree = try parse()
        store(Self.encode(tree, text: text, key: key), at: url)
        return tree
    }

    /// Writes an entry through a temporary file and a rename; any failure leaves no entry.
    func store(_ bytes: [UInt8], at url: URL) {
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            unlink(temporary.path)
        }
    }

    // MARK: Format
    //
    // magic, key (64 hex digits), payload length (8 bytes, little-endian), word-wise FNV-1a
    // checksum of the payload (8 bytes), payload: the source text (length, UTF-8 bytes), then
    // the root node. A node is a tag (0 null, 1 plain scalar, 2 quoted scalar, 3 mapping, 4 list),
    // its line + 1 (0: none) as a variable-length number, then its text (length, UTF-8 bytes), or
    // its count and children (a mapping's each after its key).
    // Paths are not stored: they are rebuilt as the parser builds them.

    static func encode(_ tree: Tree, text source: String, key: String) -> [UInt8] {
        var payload: [UInt8] = []
        func number(_ n: Int) {
            var n = UInt64(n)
            while n >= 0x80 { payload.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            payload.append(UInt8(n))
        }
        func text(_ s: String) { number(s.utf8.count); payload.append(contentsOf: s.utf8) }
        func node(_ t: Tree) {
            let line = t.line.map { $0 + 1 } ?? 0
            switch t.value {
            case .null: payload.append(0); number(line)
            case .scalar(let s, let quoted): payload.append(quoted ? 2 : 1); number(line); text(s)
            case .map(let pairs):
                payload.append(3); number(line); number(pairs.count)
                for (k, v) in pairs { text(k); node(v) }
            case .list(let items):
                payload.append(4); number(line); number(items.count)
                items.forEach(node)
            }
        }
        text(source)
        node(tree)
        var out = magic + Array(key.utf8)
        out += littleEndian(UInt64(payload.count)) + littleEndian(checksum(payload[...]))
        return out + payload
    }

    /// The tree an entry holds, or nil when it is not a complete, intact entry for `key` made
    /// from `text`.
    static func decode(_ bytes: [UInt8], key: String, text: String, file: String) -> Tree? {
        let keyBytes = Array(key.utf8)
        let header = magic.count + keyBytes.count + 16
        guard bytes.count >= header, bytes[0..<magic.count].elementsEqual(magic),
              bytes[magic.count..<(magic.count + keyBytes.count)].elementsEqual(keyBytes) else { return nil }
        let length = readLittleEndian(bytes, at: header - 16), sum = readLittleEndian(bytes, at: header - 8)
        guard length == UInt64(bytes.count - header), checksum(bytes[header...]) == sum else { return nil }
        var reader = Reader(bytes: bytes, position: header, file: file)
        guard reader.source(equals: text) else { return nil }
        guard let tree = reader.node(path: "", depth: 0), reader.position == bytes.count else { return nil }
        return tree
    }

    /// Reads nodes, refusing anything out of bounds, over-deep or not UTF-8.
    struct Reader {
        let bytes: [UInt8]
        var position: Int
        let file: String

        mutating func number() -> Int? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while position < bytes.count, shift < 63 {
                let b = bytes[position]
                position += 1
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
                shift += 7
            }
            return nil
        }

        /// Whether the stored source text is `text`, byte for byte (read past it when so).
        mutating func source(equals text: String) -> Bool {
            guard let n = number(), n <= bytes.count - position else { return false }
            var text = text
            let start = position
            let same = text.withUTF8 { utf8 in
                utf8.count == n && (n == 0 || bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, utf8.baseAddress!, n) == 0 })
            }
            position += n
            return same
        }

        mutating func text() -> String? {
            guard let n = number(), n <= bytes.count - position else { return nil }
            defer { position += n }
            return String(validating: bytes[position..<(position + n)], as: UTF8.self)
        }

        mutating func node(path: String, depth: Int) -> Tree? {
            guard depth <= YAMLScreen.maxDepth + 1, position < bytes.count else { return nil }
            let tag = bytes[position]
            position += 1
            guard let lineCode = number() else { return nil }
            let line = lineCode == 0 ? nil : lineCode - 1
            let value: Tree.Value
            switch tag {
            case 0: value = .null
            case 1, 2:
                guard let s = text() else { return nil }
                value = .scalar(s, quoted: tag == 2)
            case 3:
                guard let count = number(), count <= bytes.count - position else { return nil }
                var pairs: [(key: String, value: Tree)] = []
                pairs.reserveCapacity(count)
                for _ in 0..<count {
                    guard let key = text(), let child = node(path: Tree.join(path, key), depth: depth + 1) else { return nil }
                    pairs.append((key, child))
                }
                value = .map(pairs)
            case 4:
                guard let count = number(), count <= bytes.count - position else { return nil }
                var items: [Tree] = []
                items.reserveCapacity(count)
                for i in 0..<count {
                    guard let child = node(path: "\(path)[\(i)]", depth: depth + 1) else { return nil }
                    items.append(child)
                }
                value = .list(items)
            default: return nil
            }
            return Tree(value: value, file: file, line: line, path: path)
        }
    }

    /// FNV-1a taken over little-endian 64-bit words (the last few bytes one at a time): each step
    /// is a bijection of the state, so any change to one word or byte changes the sum, and it is
    /// about eight times faster than byte by byte over an entry that also holds its text.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0x100_0000_01b3
                i += 8
            }
            while i < raw.count {
                h = (h ^ UInt64(raw[i])) &* 0x100_0000_01b3
                i += 1
            }
        }
        return h
    }

    static func littleEndian(_ n: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } }

    static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}
