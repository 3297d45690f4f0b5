#if arch(x86_64)
    import _Builtin_intrinsics.intel.cpuid

    /// What CPUID says about the instructions `SHA256Rounds` needs.
    public enum ProcessorFeatures {
        /// Whether the processor executes the SHA extensions and SSSE3. Asked of the processor
        /// itself, not of /proc/cpuinfo: an emulator such as valgrind reports what it can run, so
        /// the portable code runs under it instead of an illegal instruction.
        public static var hasSHAExtensions: Bool {
            var (eax, ebx, ecx, edx): (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            guard __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0, ecx & (1 << 9) != 0 else { return false }
            guard __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
            return ebx & (1 << 29) != 0
        }
    }
#endif
