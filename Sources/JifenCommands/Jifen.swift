import ArgumentParser

/// The `jifen` command line: parses, calls the libraries, prints.
public struct Jifen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jifen",
        abstract: "Residence-permit points (居住证积分): cited rule books, scoring, and pool simulation.",
        subcommands: []
    )
    public init() {}
}
