#if arch(x86_64)
    import _Builtin_intrinsics.intel.cpuid
#endif

/// What the processor offers beyond the baseline the binary was built for, read once.
enum CPUFeatures {
    /// Whether the x86 SHA extensions (and the SSSE3 shuffles their code needs) are there.
    ///
    /// Asked of the processor with CPUID, not of /proc/cpuinfo: an emulator such as valgrind
    /// answers for what it can run, so the portable code runs under it instead of faulting. The
    /// check stays out of `SHAExtensions`, which is compiled to use those instructions anywhere.
    static let hasSHAExtensions: Bool = {
        #if arch(x86_64)
            var (eax, ebx, ecx, edx): (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            guard __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0, ecx & (1 << 9) != 0 else { return false }
            guard __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
            return ebx & (1 << 29) != 0
        #else
            return false
        #endif
    }()
}
