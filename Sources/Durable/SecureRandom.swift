/// Cryptographically secure random bytes from the kernel.
public enum SecureRandom {
    /// `count` bytes from getrandom(2) (via getentropy), or from /dev/urandom where that call is
    /// missing; traps if the kernel can give neither, as there is no safe fallback.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "cannot make a negative number of random bytes")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        bytes.withUnsafeMutableBytes { buffer in
            if Posix.fillRandom(buffer) == 0 { return }
            let code = Posix.errorNumber
            guard code == Posix.functionNotImplemented else {
                fatalError("\(SystemError(operation: "getentropy", path: nil, errno: code))")
            }
            do {
                try fillFromDevice(buffer)
            } catch {
                fatalError("\(error)")
            }
        }
        return bytes
    }

    /// Fills `buffer` from /dev/urandom, for kernels older than getrandom(2).
    private static func fillFromDevice(_ buffer: UnsafeMutableRawBufferPointer) throws {
        let device = try FileDescriptor.open("/dev/urandom", .readOnly)
        try device.closeAfter { device in
            var filled = 0
            while filled < buffer.count {
                let count = try device.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                guard count > 0 else {
                    // /dev/urandom never ends, so an end of file means the device is not what it seems.
                    throw SystemError(
                        operation: "read", path: device.path, errno: Posix.inputOutputError)
                }
                filled += count
            }
        }
    }
}
