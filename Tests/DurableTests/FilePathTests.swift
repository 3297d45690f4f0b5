import Testing

@testable import Durable

@Suite struct FilePathTests {
    @Test(arguments: [
        ("a", "."), ("a/b", "a"), ("/a", "/"), ("/a/b/", "/a"), ("a//b", "a"), ("/", "/"), ("//", "/"),
        ("//a", "/"), ("a/", "."), ("é/日本/x.ipynb", "é/日本"),
        // The kernel splits on the byte: a combining mark after a slash does not hide it.
        ("a/\u{301}b", "a"),
    ])
    func directoryIsTheParentOfTheLastComponent(_ path: String, _ expected: String) {
        #expect(FilePath.directory(of: path) == expected)
    }

    @Test(arguments: [
        ("a", "a"), ("a/b", "b"), ("/a/b/", "b"), ("/", ""), ("", ""), ("é/日本//", "日本"), ("a/\u{301}b", "\u{301}b"),
    ])
    func lastComponentIgnoresTrailingSlashes(_ path: String, _ expected: String) {
        #expect(FilePath.lastComponent(of: path) == expected)
    }

    @Test(arguments: [
        ("", ""), ("/", "/"), ("//", "/"), ("a//", "a"), ("/a/", "/a"), ("é/", "é"), ("a/\u{301}", "a/\u{301}"),
    ])
    func trailingSlashesGoButALoneSlashStays(_ path: String, _ expected: String) {
        #expect(FilePath.trimmingTrailingSlashes(path) == expected)
    }
}
