import Testing

@testable import Durable

@Suite struct FilePathTests {
    @Test(arguments: [
        ("a", "."), ("a/b", "a"), ("/a", "/"), ("/a/b/", "/a"), ("a//b", "a"), ("/", "/"),
    ])
    func directoryIsTheParentOfTheLastComponent(_ path: String, _ expected: String) {
        #expect(FilePath.directory(of: path) == expected)
    }

    @Test(arguments: [("a", "a"), ("a/b", "b"), ("/a/b/", "b")])
    func lastComponentIgnoresTrailingSlashes(_ path: String, _ expected: String) {
        #expect(FilePath.lastComponent(of: path) == expected)
    }
}
