import Foundation
import Migration
import Testing

/// What `NotebookReader` refuses, and how it says so.
@Suite struct NotebookReadErrorTests {
    private func error(_ bytes: [UInt8], _ path: String) -> NotebookReadError? {
        do {
            _ = try NotebookReader.read(data: Data(bytes), relativePath: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownExtensionsAreRefusedBeforeReading() {
        let text = error(Array("# Databricks notebook source\n".utf8), "notes/readme.txt")
        #expect(text?.reason == .unsupportedExtension)
        #expect(text?.line == nil)
        #expect(
            text?.description
                == "notes/readme.txt: `.txt` is not a notebook extension; export notebooks from Databricks as SOURCE (.py, .sql, .scala, .r) or JUPYTER (.ipynb)"
        )
        #expect(error([], "Makefile")?.message.hasPrefix("the file has no extension") == true)
        #expect(error([], ".hidden")?.reason == .unsupportedExtension)
    }

    @Test func invalidUTF8NamesTheByteOffsetAndLine() {
        let bytes = Array("# Databricks notebook source\nx = 'caf".utf8) + [0xE9] + Array("'\n".utf8)
        let failure = error(bytes, "latin1.py")
        #expect(failure?.reason == .notUTF8(byteOffset: 37))
        #expect(failure?.line == 2)
        #expect(failure?.message.contains("invalid byte 0xE9 at byte offset 37") == true)
        #expect(failure?.message.contains("iconv") == true)
    }

    @Test func aTruncatedMultibyteSequenceAtTheEndIsFound() {
        let bytes = Array("# Databricks notebook source\n日".utf8).dropLast()
        #expect(error(Array(bytes), "cut.py")?.reason == .notUTF8(byteOffset: 29))
    }

    @Test func nulBytesMeanBinaryContent() {
        let failure = error([0x89, 0x50, 0x4E, 0x47, 0x0A, 0x00, 0x01], "image.py")
        #expect(failure?.reason == .binaryContent(byteOffset: 5))
        #expect(failure?.line == 2)
        #expect(failure?.description.hasPrefix("image.py:2: binary content: NUL byte at byte offset 5") == true)
    }

    @Test func utf16FilesAreRecognisedAsSuch() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("# D".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let failure = error(bytes, "wide.py")
        #expect(failure?.message.contains("UTF-16") == true)
    }

    @Test func aMissingHeaderIsR6() {
        let failure = error(Array("\n# Databricks notebook source\n".utf8), "late_header.sql")
        #expect(failure?.reason == .notANotebook)
        #expect(
            failure?.description.hasPrefix(
                "late_header.sql:1: not a notebook: a workspace file or module; it cannot be a %run target") == true)
        #expect(error([], "empty.py")?.reason == .notANotebook)
        #expect(error(Array("# Databricks notebook sources\n".utf8), "x.py")?.reason == .notANotebook)
    }
}
