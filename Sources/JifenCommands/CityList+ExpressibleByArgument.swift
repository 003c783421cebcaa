import ArgumentParser
import JifenAnalyses

/// `--cities tianjin,hangzhou` (spaces allowed) for every command that takes a list of cities.
extension CityList: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
