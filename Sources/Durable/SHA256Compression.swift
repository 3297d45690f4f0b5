#if arch(x86_64)
    import SHAExtensions
#endif

/// The SHA-256 block function: folds 64-byte blocks into the eight-word chaining state.
///
/// It works on raw pointers with wrapping arithmetic, masking shifts and no allocation, because it
/// is the hot loop of every hash the project computes. The 64 rounds are written out (generated)
/// with the round constants as literals and the message schedule in locals, so everything stays
/// in registers and nothing is bounds-checked.
enum SHA256Compression {
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    static let blockSize = 64

    static let initialState: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// Folds `count` consecutive 64-byte blocks starting at `blocks` into `state`, on the SHA
    /// instructions where the processor has them.
    static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        #if arch(x86_64)
            if CPUFeatures.hasSHAExtensions {
                withUnsafeMutableBytes(of: &state) { words in
                    SHA256Rounds.compress(
                        words.baseAddress!.assumingMemoryBound(to: UInt32.self), blocks: blocks, count: count)
                }
                return
            }
        #endif
        compressPortable(&state, blocks: blocks, count: count)
    }

    /// The same in portable Swift: the fallback, and the reference the SHA-instruction code is
    /// tested against.
    static func compressPortable(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        var block = blocks
        for _ in 0..<count {
            var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            round(a, b, c, &d, e, f, g, &h, 0x428a_2f98 &+ w0)
            round(h, a, b, &c, d, e, f, &g, 0x7137_4491 &+ w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0_fbcf &+ w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5_dba5 &+ w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956_c25b &+ w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f1_11f1 &+ w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f_82a4 &+ w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c_5ed5 &+ w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807_aa98 &+ w8)
            round(h, a, b, &c, d, e, f, &g, 0x1283_5b01 &+ w9)
            round(g, h, a, &b, c, d, e, &f, 0x2431_85be &+ w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c_7dc3 &+ w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be_5d74 &+ w12)
            round(d, e, f, &g, h, a, b, &c, 0x80de_b1fe &+ w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc_06a7 &+ w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19b_f174 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, 0xe49b_69c1 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, 0xefbe_4786 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x0fc1_9dc6 &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x240c_a1cc &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x2de9_2c6f &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x4a74_84aa &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x5cb0_a9dc &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x76f9_88da &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, 0x983e_5152 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, 0xa831_c66d &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, 0xb003_27c8 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, 0xbf59_7fc7 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, 0xc6e0_0bf3 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xd5a7_9147 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, 0x06ca_6351 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, 0x1429_2967 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, 0x27b7_0a85 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, 0x2e1b_2138 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x4d2c_6dfc &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x5338_0d13 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x650a_7354 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x766a_0abb &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x81c2_c92e &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x9272_2c85 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, 0xa2bf_e8a1 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, 0xa81a_664b &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, 0xc24b_8b70 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, 0xc76c_51a3 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, 0xd192_e819 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xd699_0624 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, 0xf40e_3585 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, 0x106a_a070 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, 0x19a4_c116 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, 0x1e37_6c08 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x2748_774c &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x34b0_bcb5 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x391c_0cb3 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x4ed8_aa4a &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x5b9c_ca4f &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x682e_6ff3 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, 0x748f_82ee &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, 0x78a5_636f &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, 0x84c8_7814 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, 0x8cc7_0208 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, 0x90be_fffa &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xa450_6ceb &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, 0xbef9_a3f7 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, 0xc671_78f2 &+ w15)
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
            block += blockSize
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }

    /// One SHA-256 round; the caller renames the variables, so only `d` and `h` change here.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ constantPlusWord: UInt32
    ) {
        let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
        let choice = g ^ (e & (f ^ g))
        let t1 = h &+ sum1 &+ choice &+ constantPlusWord
        let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
        let majority = (a & b) | (c & (a | b))
        d &+= t1
        h = t1 &+ sum0 &+ majority
    }

    @inline(__always)
    private static func sigma0(_ x: UInt32) -> UInt32 { rotate(x, 7) ^ rotate(x, 18) ^ (x &>> 3) }

    @inline(__always)
    private static func sigma1(_ x: UInt32) -> UInt32 { rotate(x, 17) ^ rotate(x, 19) ^ (x &>> 10) }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ amount: UInt32) -> UInt32 {
        (value &>> amount) | (value &<< (32 &- amount))
    }
}
