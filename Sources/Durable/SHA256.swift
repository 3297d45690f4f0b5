import Foundation

/// Incremental SHA-256 (FIPS 180-4): feed bytes in any split with `update`, then `finalize`.
public struct SHA256: Sendable {
    /// 64 bytes kept inline, so a hasher allocates nothing.
    private typealias PendingBlock = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state = SHA256Compression.initialState
    /// Bytes of an unfinished block, waiting for the rest of their 64.
    private var pending: PendingBlock = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    /// Message length in bytes so far; the padding needs it in bits, modulo 2^64.
    private var length: UInt64 = 0

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        let blockSize = SHA256Compression.blockSize

        if pendingCount > 0 {
            let taken = min(blockSize - pendingCount, remaining)
            let start = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + start).copyMemory(from: input, byteCount: taken)
            }
            pendingCount += taken
            input += taken
            remaining -= taken
            guard pendingCount == blockSize else { return }
            withUnsafeBytes(of: pending) { block in
                SHA256Compression.compress(&state, blocks: block.baseAddress!, count: 1)
            }
            pendingCount = 0
        }

        // Whole blocks are hashed straight from the caller's memory, with no copy.
        let wholeBlocks = remaining / blockSize
        if wholeBlocks > 0 {
            SHA256Compression.compress(&state, blocks: input, count: wholeBlocks)
            input += wholeBlocks * blockSize
            remaining -= wholeBlocks * blockSize
        }

        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: input, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    /// Adds the bytes of `data`, region by region, to the message.
    public mutating func update(_ data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// Adds the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything added so far; the hasher itself is left unchanged, so it can go on.
    public func finalize() -> SHA256Digest {
        var copy = self
        return copy.pad()
    }

    /// The digest of `data`.
    public static func hash(_ data: some DataProtocol) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize()
    }

    /// The digest of the file at `path`, read in 64 KiB chunks so memory stays flat for any size.
    public static func hash(fileAtPath path: String) throws -> SHA256Digest {
        let file = try FileDescriptor.open(path, .readOnly)
        return try file.closeAfter { file in
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
            defer { chunk.deallocate() }
            var hasher = SHA256()
            while true {
                let count = try file.read(into: chunk)
                if count == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            }
            return hasher.finalize()
        }
    }

    /// Appends the padding and length block(s) and returns the digest.
    private mutating func pad() -> SHA256Digest {
        let bitLength = length &* 8
        // One 0x80 byte, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        var tail: (PendingBlock, UInt64) = ((0, 0, 0, 0, 0, 0, 0, 0), 0)
        let zeros = (55 &- pendingCount) & 63
        withUnsafeMutableBytes(of: &tail) { tail in
            tail[0] = 0x80
            for index in 0..<8 {
                tail[1 + zeros + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * index))
            }
        }
        withUnsafeBytes(of: tail) { update(UnsafeRawBufferPointer(rebasing: $0[..<(9 + zeros)])) }
        assert(pendingCount == 0)

        return SHA256Digest { bytes in
            withUnsafeBytes(of: state) { words in
                for index in 0..<8 {
                    let word = words.load(fromByteOffset: 4 * index, as: UInt32.self)
                    for shift in 0..<4 {
                        bytes[4 * index + shift] = UInt8(truncatingIfNeeded: word >> (24 - 8 * shift))
                    }
                }
            }
        }
    }
}
