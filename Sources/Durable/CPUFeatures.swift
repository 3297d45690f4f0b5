/// What the processor offers beyond the baseline the binary was built for, read once.
enum CPUFeatures {
    /// Whether the x86 SHA extensions (and the SSSE3 shuffles their code needs) are there.
    static let hasSHAExtensions: Bool = {
        #if arch(x86_64) && os(Linux)
            guard let flags = firstFlagsLine() else { return false }
            return flags.contains("sha_ni") && flags.contains("ssse3")
        #else
            return false
        #endif
    }()

    /// The words of the first `flags` line of /proc/cpuinfo: every processor lists the same
    /// flags. Unreadable (no /proc, a sandbox) means none.
    private static func firstFlagsLine() -> Set<Substring>? {
        guard let file = try? FileDescriptor.open("/proc/cpuinfo", .readOnly),
            let bytes = try? file.closeAfter({ try $0.readAll() })
        else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Set(line[line.index(after: colon)...].split(separator: " "))
        }
        return nil
    }
}
