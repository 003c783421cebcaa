/// The jifen release, recorded with every run so that `runs rerun` can say when it changed.
public enum JifenVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
