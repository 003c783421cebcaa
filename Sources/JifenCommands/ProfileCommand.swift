import ArgumentParser
import Foundation
import JifenPolicy

/// `jifen profile new|check`: start a profile from a commented template, and check one.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Write a commented profile template, or check a profile file (docs/profile.md).",
        subcommands: [New.self, Check.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Print a commented profile template for one city (or write it to a new file).",
            discussion: "Edit the values, delete the lines that do not apply. Example: jifen profile new --city tianjin --output me.yaml")
        @OptionGroup var rules: RulesOptions
        @Option(help: "The place the person lives and works in (a place id the rule books know).") var city = "hangzhou"
        @Option(help: "Write the template to FILE, which must not exist yet (default: print it).") var output: String?

        func run() throws {
            let book = try rules.load()
            let known = book.placeIDs.sorted()
            guard known.contains(city) else {
                throw InputError(file: "--city", "unknown place '\(city)'; the rule books know: \(known.joined(separator: ", "))")
            }
            let text = ProfileTemplate.yaml(place: city, districts: book.districtsByPlace[city])
            guard let output else { return try emit(text) }
            guard !FileManager.default.fileExists(atPath: output) else {
                throw InputError(file: output, "already exists; choose a new file name (the template never overwrites a file)")
            }
            try emit(text, to: output)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Read a profile as score does and say what it holds, or what is wrong with it.",
            discussion: "Example: jifen profile check datasets/profiles/young-graduate-renting.yaml")
        @OptionGroup var rules: RulesOptions
        @OptionGroup var date: DateOption
        @Argument(help: "Profile file (YAML or JSON).") var file: String

        func run() throws {
            let book = try rules.load()
            let profile = try Profile.load(URL(fileURLWithPath: dataPath(file)), displayName: file, today: date.day(),
                                           knownPlaces: book.placeIDs, districts: book.districtsByPlace)
            let places = profile.places.map(\.id)
            print("ok     \(file): places \(places.isEmpty ? "none" : places.joined(separator: ", ")); "
                + "\(profile.awards?.count ?? 0) award(s), \(profile.conduct?.count ?? 0) conduct record(s)")
        }
    }
}
