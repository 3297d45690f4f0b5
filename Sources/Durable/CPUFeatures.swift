#if arch(x86_64)
    import SHAExtensions
#endif

/// What the processor offers beyond the baseline the binary was built for, read once.
enum CPUFeatures {
    /// Whether the x86 SHA extensions (and the SSSE3 shuffles their code needs) are there.
    static let hasSHAExtensions: Bool = {
        #if arch(x86_64)
            return ProcessorFeatures.hasSHAExtensions
        #else
            return false
        #endif
    }()
}
