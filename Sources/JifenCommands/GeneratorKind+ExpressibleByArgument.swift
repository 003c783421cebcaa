import ArgumentParser
import JifenStatistics

/// `--generator mt19937|taus2`: parsing lists the generators a wrong name could have meant.
extension GeneratorKind: ExpressibleByArgument {}
