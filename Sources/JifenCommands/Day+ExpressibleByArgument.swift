import ArgumentParser
import JifenPolicy

/// `--as-of 2019-06-01`: a calendar day, checked when the arguments are parsed.
extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
