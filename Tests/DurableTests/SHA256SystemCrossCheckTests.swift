import Durable
import Foundation
import Testing

/// Compares against the system's `sha256sum` on sizes around the padding boundaries (55/56 bytes
/// decide whether the length fits in the last block) and one large odd size.
@Suite struct SHA256SystemCrossCheckTests {
    static let sizes = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1_000_003]

    @Test(arguments: sizes)
    func dataAndFileDigestsMatchSha256sum(size: Int) throws {
        try withTemporaryDirectory { directory throws in
            let content = pseudoRandomBytes(count: size, seed: UInt64(size))
            let path = directory + "/input.bin"
            try Data(content).write(to: URL(fileURLWithPath: path))
            let expected = try systemSHA256(ofFileAtPath: path)

            #expect(SHA256.hash(content).hex == expected)
            #expect(SHA256.hash(Data(content)).hex == expected)
            #expect(try SHA256.hash(fileAtPath: path).hex == expected)
        }
    }

    @Test(arguments: sizes)
    func incrementalUpdatesSplitAtAwkwardBoundariesMatchSha256sum(size: Int) throws {
        try withTemporaryDirectory { directory throws in
            let content = pseudoRandomBytes(count: size, seed: UInt64(size) &+ 7)
            let path = directory + "/input.bin"
            try Data(content).write(to: URL(fileURLWithPath: path))
            let expected = try systemSHA256(ofFileAtPath: path)

            // Piece lengths that straddle block edges in every phase, including empty updates.
            for pieces in [[1], [0, 3], [63, 1], [64], [65, 7], [55, 9, 0], [127, 129]] {
                var hasher = SHA256()
                var offset = 0
                var piece = 0
                while offset < content.count {
                    let length = min(pieces[piece % pieces.count], content.count - offset)
                    content[offset..<offset + length].withUnsafeBytes { hasher.update($0) }
                    offset += length
                    piece += 1
                }
                #expect(hasher.finalize().hex == expected, "pieces \(pieces)")
            }
        }
    }

    @Test func dataMadeOfSeveralRegionsHashesLikeOneBuffer() {
        let content = pseudoRandomBytes(count: 1_000, seed: 42)
        var regions = DispatchData.empty
        for start in stride(from: 0, to: content.count, by: 97) {
            content[start..<min(start + 97, content.count)].withUnsafeBytes {
                regions.append(DispatchData(bytes: $0))
            }
        }
        #expect(SHA256.hash(regions) == SHA256.hash(content))
    }

    @Test func hashingAMissingFileThrowsSystemErrorNamingIt() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/absent.bin"
            let error = #expect(throws: SystemError.self) { try SHA256.hash(fileAtPath: path) }
            #expect(error?.path == path)
            #expect(error?.operation == "open")
        }
    }

    private func systemSHA256(ofFileAtPath path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(text.prefix(64))
    }
}
