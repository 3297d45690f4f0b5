import Foundation
import Testing

@testable import Durable

/// The block function runs on the SHA instructions where the CPU has them and in portable Swift
/// elsewhere; the vector tests exercise whichever this machine picks, these tests both.
@Suite struct SHA256BlockFunctionTests {
    private typealias State = SHA256Compression.State

    private static func words(_ state: State) -> [UInt32] {
        withUnsafeBytes(of: state) { Array($0.bindMemory(to: UInt32.self)) }
    }

    @Test func portableBlockFunctionDigestsAbcLikeNIST() {
        // "abc" padded to one block: 0x80, zeros, then the bit length 24.
        var block = [UInt8](repeating: 0, count: 64)
        block[0...3] = [0x61, 0x62, 0x63, 0x80]
        block[63] = 24
        var state = SHA256Compression.initialState
        block.withUnsafeBytes { SHA256Compression.compressPortable(&state, blocks: $0.baseAddress!, count: 1) }
        #expect(
            Self.words(state) == [
                0xba78_16bf, 0x8f01_cfea, 0x4141_40de, 0x5dae_2223,
                0xb003_61a3, 0x9617_7a9c, 0xb410_ff61, 0xf200_15ad,
            ])
    }

    @Test func chosenBlockFunctionAgreesWithPortableOnRandomStatesAndBlocks() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 7, 16, 65] {
            let blocks = (0..<(64 * count)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let start: State = (
                .random(in: .min ... .max), .random(in: .min ... .max), .random(in: .min ... .max),
                .random(in: .min ... .max), .random(in: .min ... .max), .random(in: .min ... .max),
                .random(in: .min ... .max), .random(in: .min ... .max)
            )
            var (chosen, portable) = (start, start)
            blocks.withUnsafeBytes { bytes in
                SHA256Compression.compress(&chosen, blocks: bytes.baseAddress!, count: count)
                SHA256Compression.compressPortable(&portable, blocks: bytes.baseAddress!, count: count)
            }
            #expect(Self.words(chosen) == Self.words(portable), "\(count) blocks")
        }
    }

    /// On real hardware the kernel's flags come from the same CPUID bits the detection reads.
    @Test func theSHAInstructionsAreUsedExactlyWhenTheCPUListsThem() throws {
        #if arch(x86_64) && os(Linux)
            let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map {
                Set($0.split(separator: " "))
            }
            let listed = flags.map { $0.contains("sha_ni") && $0.contains("ssse3") } ?? false
            #expect(CPUFeatures.hasSHAExtensions == listed)
        #elseif !arch(x86_64)
            #expect(!CPUFeatures.hasSHAExtensions)
        #endif
    }
}
