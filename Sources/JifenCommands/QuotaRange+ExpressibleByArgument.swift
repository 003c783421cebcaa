import ArgumentParser
import JifenAnalyses

/// `--quotas 1000:5000:500`: the range's shape is checked when the arguments are parsed, its
/// length (at most `QuotaCurveRequest.maxQuotas`) when the curve is set up.
extension QuotaRange: ExpressibleByArgument {
    public init?(argument: String) {
        try? self.init(parsing: argument, name: "--quotas")
    }
}
