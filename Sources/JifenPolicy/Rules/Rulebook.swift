import Foundation

/// Every edition found in a rules directory (`<dir>/<city>/<edition>.yaml`), loaded and validated.
public struct Rulebook: Sendable {
    public var editions: [Edition]
    public var directory: URL
    /// The folder's `sources.yaml`; nil for a folder whose rule books declare their own sources.
    public var bibliography: Bibliography?
    /// Each edition's merged document (after `extends`), which reforms are applied to.
    var trees: [String: Tree] = [:]
    /// The city folders of `directory` with a rule book, listed once when loading.
    var folderCities: [String] = []

    /// The raw text of an edition file, before `extends` is resolved.
    struct RawFile {
        var id: String
        var url: URL
        var display: String
        var text: String
        var tree: Tree
    }

    /// Loads every edition under `directory`. Any problem in any file is an error. With a
    /// `cache`, files parsed before are read from it (never from inside `directory`).
    public static func load(directory: URL, cache: TreeCache? = nil) throws -> Rulebook {
        try load(directory: directory, selecting: { _ in true }, cache: cache)
    }

    /// Loads the editions whose ids `select` accepts (with the files they extend), so that a
    /// command about one edition or city does not parse every rule book. When it accepts none,
    /// every edition is loaded, so that a lookup fails with the full list of editions.
    public static func load(directory: URL, selecting select: (String) -> Bool, cache: TreeCache? = nil) throws -> Rulebook {
        let cache = cache?.outside(directory)
        let all = editionNames(in: directory)
        guard !all.isEmpty else {
            throw InputError(file: directory.path, "no rule books found (expected <city>/<edition>.yaml files)")
        }
        let chosen = all.filter { select($0.city + "/" + $0.file.dropLast(".yaml".count)) }
        let bibliography = try Bibliography.load(directory: directory, cache: cache)
        var book = Rulebook(editions: [], directory: directory, bibliography: bibliography)
        book.folderCities = all.map(\.city)
        for name in chosen.isEmpty ? all : chosen {
            let file = directory.appendingPathComponent(name.city).appendingPathComponent(name.file)
            let (edition, tree) = try loadEditionTree(at: file, directory: directory, bibliography: bibliography, cache: cache)
            book.editions.append(edition)
            book.trees[edition.id] = tree
        }
        return book
    }

    /// Loads the files named, each validated in full (with whatever it extends from `directory`).
    public static func check(files: [URL], directory: URL) -> [(file: String, result: Result<Edition, InputError>)] {
        let bibliography: Bibliography?
        do {
            bibliography = try Bibliography.load(directory: directory)
        } catch let e as InputError {
            return files.map { ($0.path, .failure(e)) }
        } catch {
            return files.map { ($0.path, .failure(InputError(file: directory.path, "\(error)"))) }
        }
        return files.map { url in
            do {
                return (url.path, .success(try loadEditionTree(at: url, directory: directory, bibliography: bibliography).0))
            } catch let e as InputError {
                return (url.path, .failure(e))
            } catch {
                return (url.path, .failure(InputError(file: url.path, "\(error)")))
            }
        }
    }

    /// The `.yaml` files one level below the city folders, sorted.
    public static func editionFiles(in directory: URL) -> [URL] {
        editionNames(in: directory).map { directory.appendingPathComponent($0.city).appendingPathComponent($0.file) }
    }

    /// The city folder and file name of each `.yaml` file one level below the city folders,
    /// sorted: listed as names, since building a URL per file was a visible part of a start.
    static func editionNames(in directory: URL) -> [(city: String, file: String)] {
        let fm = FileManager.default
        let root = directory.path
        guard let cities = try? fm.contentsOfDirectory(atPath: root) else { return [] }
        return cities.sorted().flatMap { city -> [(city: String, file: String)] in
            let names = (try? fm.contentsOfDirectory(atPath: root + "/" + city)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { (city, $0) }
        }
    }

    static func readRaw(_ url: URL, directory: URL, cache: TreeCache? = nil) throws -> RawFile {
        let display = url.path
        let text = try InputFile.text(url.path, display: display, what: "the rule book")
        let parse = {
            try OutsideReference.refuse(in: text, file: display)
            return try Tree.parse(text, file: display)
        }
        let tree = try cache?.tree(of: text, file: display, at: url.path, parse: parse) ?? parse()
        guard case .map(let pairs) = tree.value, let idNode = pairs.first(where: { $0.key == "id" })?.value else {
            throw tree.error("a rule book starts with `id: <city>/<edition>`")
        }
        let id = try idNode.identifier()
        let expected = url.deletingPathExtension().lastPathComponent
        let city = url.deletingLastPathComponent().lastPathComponent
        guard id == "\(city)/\(expected)" else {
            throw idNode.error("id '\(id)' does not match the file's place; expected '\(city)/\(expected)'")
        }
        return RawFile(id: id, url: url, display: display, text: text, tree: tree)
    }

    static func loadEditionTree(at url: URL, directory: URL, bibliography: Bibliography?, cache: TreeCache? = nil) throws -> (Edition, Tree) {
        var chain = [try readRaw(url, directory: directory, cache: cache)]
        while let parentID = try extendsID(chain.last!.tree) {
            guard !chain.contains(where: { $0.id == parentID }) else {
                throw chain.last!.tree.error("`extends` forms a cycle through '\(parentID)'")
            }
            let parentURL = directory.appendingPathComponent(parentID + ".yaml")
            guard FileManager.default.fileExists(atPath: parentURL.path) else {
                throw chain.last!.tree.error("extends '\(parentID)', but there is no \(parentURL.path)")
            }
            chain.append(try readRaw(parentURL, directory: directory, cache: cache))
        }
        if let bibliography {
            for raw in chain {
                guard case .map(let pairs) = raw.tree.value, let node = pairs.first(where: { $0.key == "sources" })?.value else { continue }
                throw node.error("this folder's sources are its bibliography (\(bibliography.file)): cite its ids, declare none here")
            }
        }
        var merged = chain.last!.tree
        for child in chain.reversed().dropFirst() {
            merged = try TreeMerge.apply(child.tree, to: merged)
        }
        let hash = ContentHash.sha256(chain.map(\.text).joined(separator: "\u{0}"))
        do {
            return (try EditionDecoder.decode(merged, file: url.path, hash: hash, catalog: bibliography?.sources ?? []), merged)
        } catch var error as InputError where error.file != url.path {
            // The value comes from a parent file, but the problem arises in this edition.
            error.message += " (inherited by \(chain[0].id), \(url.path))"
            throw error
        }
    }

    static func extendsID(_ tree: Tree) throws -> String? {
        guard case .map(let pairs) = tree.value, let node = pairs.first(where: { $0.key == "extends" })?.value else { return nil }
        return try node.identifier()
    }

    /// The edition with this id.
    public func edition(_ id: String) throws -> Edition {
        guard let e = editions.first(where: { $0.id == id }) else {
            let hint = nearest(id, in: editions.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError(file: "--edition", "unknown edition \(excerpt(id))\(hint); known: \(editions.map(\.id).joined(separator: ", "))")
        }
        return e
    }

    /// The place ids the editions read a profile's places by (each edition's place and region).
    /// Place ids a profile may name: those of the loaded editions and every city with a rule book
    /// in the folder, so that a book loaded for one edition still accepts the other cities' places.
    public var placeIDs: Set<String> {
        Set(editions.flatMap { [$0.place] + $0.region } + folderCities)
    }

    /// Each place's district ids, from the rule books of the cities at that place (the union of
    /// their editions' `districts`, in file order): what profiles, applicant lists and pool models
    /// are checked against, so a new city's districts are data, not code.
    public var districtsByPlace: [String: [String]] {
        var out: [String: [String]] = [:]
        for e in editions.sorted(by: { $0.id < $1.id }) {
            for d in e.districts where !(out[e.place] ?? []).contains(d) { out[e.place, default: []].append(d) }
        }
        return out
    }

    /// City ids, sorted.
    public var cities: [String] { Array(Set(editions.map(\.city))).sorted() }

    /// The edition of `city` in force on `day`: the latest that started on or before it.
    public func edition(city: String, on day: Day) throws -> Edition {
        let candidates = editions.filter { $0.city == city }
        guard !candidates.isEmpty else {
            let hint = nearest(city, in: cities).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError(file: "--city", "unknown city \(excerpt(city))\(hint); known: \(cities.joined(separator: ", "))")
        }
        guard let e = candidates.filter({ $0.isInForce(on: day) }).max(by: { $0.inForceFrom < $1.inForceFrom }) else {
            let spans = candidates.map { "\($0.id) \($0.inForceFrom)–\($0.inForceTo.map(\.description) ?? "")" }
            throw InputError(file: "--as-of", "no \(city) edition is in force on \(day); editions: \(spans.joined(separator: ", "))")
        }
        return e
    }
}
