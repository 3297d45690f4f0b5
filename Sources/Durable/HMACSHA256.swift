import Foundation

/// HMAC with SHA-256 (RFC 2104), for message authentication with a shared key.
public enum HMACSHA256 {
    /// The HMAC-SHA256 of `message` under `key`; keys longer than 64 bytes are hashed first.
    public static func code(for message: some DataProtocol, key: some DataProtocol) -> SHA256Digest {
        let blockSize = SHA256Compression.blockSize
        var paddedKey = key.count > blockSize ? SHA256.hash(key).bytes : Array(key)
        paddedKey += repeatElement(0, count: blockSize - paddedKey.count)

        var inner = SHA256()
        inner.update(paddedKey.map { $0 ^ 0x36 })
        inner.update(message)

        var outer = SHA256()
        outer.update(paddedKey.map { $0 ^ 0x5c })
        outer.update(inner.finalize().bytes)
        return outer.finalize()
    }
}
