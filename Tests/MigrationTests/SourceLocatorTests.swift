import Foundation
import Migration
import Testing

@Suite struct SourceLocatorTests {
    @Test(arguments: [
        ("/", "/"), ("/a/b", "/a/b"), ("/a//b", "/a/b"), ("/a/./b", "/a/b"), ("/a/../b", "/b"), ("/a/b/", "/a/b"),
        ("a/b", "/a/b"), ("/a/.hidden/..x", "/a/.hidden/..x"), ("/Workspace/x/.", "/Workspace/x"),
    ])
    func normalisingResolvesDotsAndSlashes(_ path: String, _ expected: String) {
        #expect(SourceLocator.normalise(path) == expected)
    }

    @Test func normalisingRefusesToClimbAboveTheRoot() {
        #expect(SourceLocator.normalise("/..") == nil)
        #expect(SourceLocator.normalise("/a/../../b") == nil)
        // A combining mark after "/" joins it into one Character; the filesystem still sees "..".
        #expect(SourceLocator.normalise("/../\u{301}etc/passwd") == nil)
        #expect(SourceLocator.normalise("/a/..\u{301}/b") == "/a/..\u{301}/b")
    }

    @Test func equivalentUnicodeSpellingsAreDifferentNames() throws {
        try Folder.withTemporary { base in
            let root = base + "/source"
            let composed = "caf\u{E9}"
            let decomposed = "cafe\u{301}"
            try Folder.write("# Databricks notebook source\n", to: root + "/" + decomposed + "/nb.py")
            try Folder.write("# Databricks notebook source\n", to: base + "/outside/nb.py")
            try FileManager.default.createSymbolicLink(
                atPath: root + "/" + composed, withDestinationPath: base + "/outside")
            let locator = SourceLocator(root: root)
            #expect(
                locator.locate(workspacePath: "/" + decomposed + "/nb")
                    == .found(path: root + "/" + decomposed + "/nb.py", relativePath: decomposed + "/nb.py"))
            guard case .escapes = locator.locate(workspacePath: "/" + composed + "/nb") else {
                Issue.record("the composed spelling is the link out of the root, and must be refused")
                return
            }
        }
    }

    @Test func aLinkToSomethingOtherThanAFileIsNotANotebook() throws {
        try Folder.withTemporary { root in
            #expect(mkfifo(root + "/pipe", 0o600) == 0)
            try FileManager.default.createSymbolicLink(atPath: root + "/nb.py", withDestinationPath: root + "/pipe")
            #expect(
                SourceLocator(root: root).locate(workspacePath: "/nb")
                    == .missing(
                        tried: SourceLocator.extensions.map {
                            "nb." + $0
                        }))
        }
    }

    @Test func findsTheFirstExtensionAlsoUnderWorkspaceAndListsWhatItTried() throws {
        try Folder.withTemporary { root in
            try Folder.write("# Databricks notebook source\n", to: root + "/Users/a/x.sql")
            try Folder.write("# Databricks notebook source\n", to: root + "/Users/a/x.ipynb")
            try FileManager.default.createDirectory(atPath: root + "/Users/a/dir.py", withIntermediateDirectories: true)
            let locator = SourceLocator(root: root)
            #expect(
                locator.locate(workspacePath: "/Workspace/Users/a/x")
                    == .found(path: root + "/Users/a/x.sql", relativePath: "Users/a/x.sql"))
            #expect(
                locator.locate(workspacePath: "/Users/a/x")
                    == .found(path: root + "/Users/a/x.sql", relativePath: "Users/a/x.sql"))
            guard case .missing(let tried) = locator.locate(workspacePath: "/Users/a/dir") else {
                Issue.record("a folder named like a notebook is not a notebook")
                return
            }
            #expect(tried == SourceLocator.extensions.map { "Users/a/dir." + $0 })
            #expect(
                locator.locate(workspacePath: "/Users/nobody/x")
                    == .missing(
                        tried: SourceLocator.extensions.map {
                            "Users/nobody/x." + $0
                        }))
        }
    }

    @Test func linksAreFollowedInsideTheRootAndRefusedOutOfIt() throws {
        try Folder.withTemporary { base in
            let root = base + "/source"
            try Folder.write("# Databricks notebook source\n", to: root + "/real/nb.py")
            try Folder.write("# Databricks notebook source\n", to: base + "/outside/secret.py")
            try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: root + "/real")
            try FileManager.default.createSymbolicLink(
                atPath: root + "/real/leak.py", withDestinationPath: base + "/outside/secret.py")
            let locator = SourceLocator(root: root)
            #expect(
                locator.locate(workspacePath: "/linked/nb")
                    == .found(path: root + "/real/nb.py", relativePath: "linked/nb.py"))
            guard case .escapes(let why) = locator.locate(workspacePath: "/real/leak") else {
                Issue.record("a link out of the source folder must be refused")
                return
            }
            #expect(why.contains("outside the source folder"))
        }
    }
}
