#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// The SHA-256 block function on the x86 SHA extensions (`sha256rnds2`, `sha256msg1/2`): about
    /// five times the portable code's speed, and hashing is a tenth of a migration's CPU.
    ///
    /// This module alone is compiled with SHA and SSSE3 enabled (see Package.swift), so the compiler
    /// may use those instructions anywhere in it: call it only after `Durable` has checked the CPU.
    public enum SHA256Rounds {
        private typealias Words = SIMD4<UInt32>

        /// Folds `count` consecutive 64-byte blocks at `blocks` into the eight chaining words at `state`
        /// (FIPS 180-4 order, a first).
        public static func compress(_ state: UnsafeMutablePointer<UInt32>, blocks: UnsafeRawPointer, count: Int) {
            // The instructions keep the state as two halves, ABEF and CDGH, lowest word last.
            var abef = vector(Words(state[5], state[4], state[1], state[0]))
            var cdgh = vector(Words(state[7], state[6], state[3], state[2]))
            let bigEndian = vector(
                unsafeBitCast(SIMD16<UInt8>(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12), to: Words.self))

            // Four rounds: two `sha256rnds2`, each consuming two of the four words of schedule + K.
            @inline(__always) func rounds(_ schedule: __m128i, _ constants: Words) {
                let input = _mm_add_epi32(schedule, vector(constants))
                cdgh = _mm_sha256rnds2_epu32(cdgh, abef, input)
                abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_unpackhi_epi64(input, input))
            }
            // Finishes the next four schedule words: `next` holds msg1's part, W[t-7] comes from the
            // last two groups shifted by one word.
            @inline(__always) func extend(_ next: inout __m128i, _ current: __m128i, _ previous: __m128i) {
                let (now, before) = (words(current), words(previous))
                let shifted = vector(Words(before[1], before[2], before[3], now[0]))
                next = _mm_sha256msg2_epu32(_mm_add_epi32(next, shifted), current)
            }

            var block = blocks
            for _ in 0..<count {
                let (savedABEF, savedCDGH) = (abef, cdgh)
                var w0 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 0, as: __m128i.self), bigEndian)
                var w1 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 16, as: __m128i.self), bigEndian)
                var w2 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 32, as: __m128i.self), bigEndian)
                var w3 = _mm_shuffle_epi8(block.loadUnaligned(fromByteOffset: 48, as: __m128i.self), bigEndian)
                rounds(w0, Words(0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5))
                rounds(w1, Words(0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5))
                w0 = _mm_sha256msg1_epu32(w0, w1)
                rounds(w2, Words(0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3))
                w1 = _mm_sha256msg1_epu32(w1, w2)
                rounds(w3, Words(0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174))
                extend(&w0, w3, w2)
                w2 = _mm_sha256msg1_epu32(w2, w3)
                rounds(w0, Words(0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc))
                extend(&w1, w0, w3)
                w3 = _mm_sha256msg1_epu32(w3, w0)
                rounds(w1, Words(0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da))
                extend(&w2, w1, w0)
                w0 = _mm_sha256msg1_epu32(w0, w1)
                rounds(w2, Words(0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7))
                extend(&w3, w2, w1)
                w1 = _mm_sha256msg1_epu32(w1, w2)
                rounds(w3, Words(0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967))
                extend(&w0, w3, w2)
                w2 = _mm_sha256msg1_epu32(w2, w3)
                rounds(w0, Words(0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13))
                extend(&w1, w0, w3)
                w3 = _mm_sha256msg1_epu32(w3, w0)
                rounds(w1, Words(0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85))
                extend(&w2, w1, w0)
                w0 = _mm_sha256msg1_epu32(w0, w1)
                rounds(w2, Words(0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3))
                extend(&w3, w2, w1)
                w1 = _mm_sha256msg1_epu32(w1, w2)
                rounds(w3, Words(0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070))
                extend(&w0, w3, w2)
                w2 = _mm_sha256msg1_epu32(w2, w3)
                rounds(w0, Words(0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5))
                extend(&w1, w0, w3)
                w3 = _mm_sha256msg1_epu32(w3, w0)
                rounds(w1, Words(0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3))
                extend(&w2, w1, w0)
                rounds(w2, Words(0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208))
                extend(&w3, w2, w1)
                rounds(w3, Words(0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2))
                abef = _mm_add_epi32(abef, savedABEF)
                cdgh = _mm_add_epi32(cdgh, savedCDGH)
                block += 64
            }
            let (finalABEF, finalCDGH) = (words(abef), words(cdgh))
            (state[0], state[1], state[4], state[5]) = (finalABEF[3], finalABEF[2], finalABEF[1], finalABEF[0])
            (state[2], state[3], state[6], state[7]) = (finalCDGH[3], finalCDGH[2], finalCDGH[1], finalCDGH[0])
        }

        @inline(__always) private static func vector(_ words: Words) -> __m128i {
            unsafeBitCast(words, to: __m128i.self)
        }
        @inline(__always) private static func words(_ vector: __m128i) -> Words {
            unsafeBitCast(vector, to: Words.self)
        }
    }
#endif
