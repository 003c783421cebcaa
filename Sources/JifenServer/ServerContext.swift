import Hummingbird

/// The per-request context: Hummingbird's basic one with jifen's upload limit.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A profile is a few hundred bytes; anything past this is refused with 413 before parsing.
    public var maxUploadSize: Int { WebService.maxBodyBytes }
}
