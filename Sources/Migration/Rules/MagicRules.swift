/// M-01..M-14 and X-05: the magics of a Databricks notebook and their AIDP forms.
enum MagicRules {
    /// IPython line magics AIDP's IPython kernel runs as they are (M-12).
    static let ipythonLineMagics: Set<String> = [
        "alias", "autoawait", "autocall", "automagic", "autoreload", "aimport", "bookmark", "cd", "colors", "config",
        "debug",
        "dhist", "dirs", "doctest_mode", "edit", "env", "gui", "history", "killbgscripts", "load", "load_ext", "loadpy",
        "logoff", "logon", "logstart", "logstate", "logstop", "macro", "magic", "page", "pdb", "pdef", "pdoc", "pfile",
        "pinfo", "pinfo2", "popd", "pprint", "precision", "prun", "psearch", "psource", "pushd", "pwd", "pycat",
        "pylab",
        "quickref", "recall", "rehashx", "reload_ext", "rerun", "reset", "reset_selective", "save", "set_env", "store",
        "sx",
        "system", "tb", "time", "timeit", "unalias", "unload_ext", "who", "who_ls", "whos", "xdel", "xmode",
        "matplotlib",
    ]

    /// IPython cell magics (M-12), without their `%%`.
    static let ipythonCellMagics: Set<String> = [
        "bash", "capture", "debug", "file", "html", "HTML", "javascript", "js", "latex", "markdown", "perl", "prun",
        "pypy",
        "python", "python2", "python3", "ruby", "script", "sh", "svg", "sx", "system", "time", "timeit", "writefile",
    ]

    /// Databricks magics AIDP does not run (M-11).
    static let unsupported: Set<String> = ["conda", "tensorboard", "lsmagic"]

    /// M-09: a shell script as a Python call.
    static func shellCall(_ script: String) -> String {
        "import subprocess\nsubprocess.run(\(pythonLiteral(script)), shell=True, check=True)"
    }

    /// A triple-quoted Python literal holding `text` exactly: raw when that is possible, escaped
    /// otherwise.
    static func pythonLiteral(_ text: String) -> String {
        for quote in ["'''", "\"\"\""] {
            let last = quote.first!
            if !text.contains(quote) && !text.hasSuffix(String(last)) && !text.hasSuffix("\\") {
                return "r" + quote + text + quote
            }
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'''" + escaped + "'''"
    }

    /// The package arguments of a `pip install` line, for the M-08 report note.
    static func pipPackages(_ line: Substring) -> [String] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let install = words.firstIndex(of: "install") else { return [] }
        let valued: Set<Substring> = [
            "-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
            "-t",
            "--target",
        ]
        var packages: [String] = []
        var pending: Substring?
        for word in words[(install + 1)...] {
            if let option = pending {
                pending = nil
                if option == "-r" || option == "--requirement" { packages.append("-r " + word) }
                continue
            }
            if valued.contains(word) {
                pending = word
                continue
            }
            if word.hasPrefix("-") { continue }
            packages.append(String(word))
        }
        return packages
    }
}

extension PythonRewriter {
    /// Line magics inside a Python cell: `%pip` → `!pip` (M-08), `%restart_python` and
    /// `%matplotlib inline` commented out (M-08, M-13), IPython magics kept (M-12), the rest flagged
    /// (M-10, M-11).
    mutating func rewriteMagicLines() {
        guard bytes.contains(ByteText.percent) else { return }
        let code = self.code()
        var edits: [TextEdit] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = ByteText.lineEnd(bytes, lineStart)
            var first = lineStart
            while first < lineEnd && ByteText.isBlank(bytes[first]) { first += 1 }
            if first < lineEnd, bytes[first] == ByteText.percent, code.isCode(first),
                StatementCommenter.bracketDepth(code, upTo: first) == 0
            {
                magicLine(first..<lineEnd, &edits)
            }
            lineStart = lineEnd + 1
        }
        apply(edits)
    }

    private mutating func magicLine(_ range: Range<Int>, _ edits: inout [TextEdit]) {
        var nameStart = range.lowerBound + 1
        let isCellMagic = nameStart < range.upperBound && bytes[nameStart] == ByteText.percent
        if isCellMagic { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < range.upperBound
            && (ByteText.isIdentifierByte(bytes[nameEnd]) || bytes[nameEnd] == ByteText.minus)
        {
            nameEnd += 1
        }
        guard nameEnd > nameStart else { return }
        let name = ByteText.string(bytes, nameStart..<nameEnd)
        let line = ByteText.string(bytes, range)
        let rest = ByteText.string(bytes, ByteText.trimmed(bytes, nameEnd..<range.upperBound))
        if isCellMagic {
            log.flag("M-11", FlagCode.magicUnsupported, "%%\(name) must start its cell")
            return
        }
        switch name {
        case "pip":
            edits.append(TextEdit(range.lowerBound..<nameEnd, "!pip"))
            let packages = MagicRules.pipPackages(Substring(rest))
            let listed = packages.isEmpty ? "" : "; packages: " + packages.joined(separator: ", ")
            log.review("M-08", "%pip → !pip: egress may be blocked on AIDP, prefer cluster libraries" + listed)
        case "restart_python":
            edits.append(TextEdit(range, "# " + line))
            log.review(
                "M-08", "%restart_python dropped (left as a comment): restart the kernel after installing if needed")
        case "matplotlib" where rest == "inline":
            edits.append(TextEdit(range, "# " + line))
            log.safe("M-13", "%matplotlib inline commented out")
        case "fs":
            log.flag("M-10", FlagCode.fsMagic, "%fs: AIDP has no native fs utility")
        case _ where MagicRules.unsupported.contains(name) || CellView.switchingMagics.contains(name):
            log.flag("M-11", FlagCode.magicUnsupported, "%\(name) is not supported on AIDP here")
        case _ where MagicRules.ipythonLineMagics.contains(name):
            log.review("M-12", "IPython magic %\(name) kept verbatim")
        default:
            log.flag("M-11", FlagCode.magicUnsupported, "unknown magic %\(name)")
        }
    }
}
