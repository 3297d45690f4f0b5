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
    /// flags, so the first block is enough. Unreadable (no /proc, a sandbox) means none.
    private static func firstFlagsLine() -> Set<Substring>? {
        guard let file = try? FileDescriptor.open("/proc/cpuinfo", .readOnly) else { return nil }
        let head = try? file.closeAfter { file in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            var count = 0
            while count < buffer.count {
                let read = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                if read == 0 { break }
                count += read
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
        guard let head else { return nil }
        for line in head.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Set(line[line.index(after: colon)...].split(separator: " "))
        }
        return nil
    }
}
