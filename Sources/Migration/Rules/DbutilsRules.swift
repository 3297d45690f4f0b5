/// F-01..F-08 and G-08: the rest of `dbutils` (files, mounts, secrets, libraries, credentials,
/// data) and the catch-all for any other reference.
enum DbutilsRules {
    static let mountMembers: Set<String> = ["mount", "unmount", "mounts", "refreshMounts", "updateMount"]
    static let runtimeLibraryMembers: Set<String> = ["install", "installPyPI", "list", "updateCondaEnv"]

    /// `dbutils.fs.ls` with prefix `dbutils.fs.` → `ls`; `nil` when the name is not under it.
    static func member(_ name: String, of prefix: String) -> String? {
        // Call-site names are ASCII but for exotic identifiers; on ASCII text bytes and
        // `Character`s agree, and the byte test skips the grapheme walk.
        if name.utf8.allSatisfy({ $0 < 0x80 }) && prefix.utf8.allSatisfy({ $0 < 0x80 }) {
            guard name.utf8.count > prefix.utf8.count, name.utf8.starts(with: prefix.utf8) else { return nil }
            return String(decoding: name.utf8.dropFirst(prefix.utf8.count).prefix { $0 != ByteText.dot }, as: UTF8.self)
        }
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard !rest.isEmpty else { return nil }
        return String(rest.prefix { $0 != "." })
    }

    /// An AIDP Credential Store name: `[A-Za-z][A-Za-z0-9_]*`; other characters become `_`, and a
    /// name not starting with a letter gets an `x_` prefix.
    static func credentialName(_ raw: String) -> String {
        var name = String(
            String.UnicodeScalarView(raw.unicodeScalars.map { JobNames.isWordScalar($0) ? $0 : "_" }))
        if name.isEmpty { return "x" }
        if let first = name.unicodeScalars.first, !JobNames.isASCIILetter(first) { name = "x_" + name }
        return name
    }
}

extension PythonRewriter {
    /// F-03 / F-04: `dbutils.secrets.get(scope, key)` → `aidputils.secrets.get("<credential>", "<key>")`
    /// through the secret map (`.encode("utf-8")` for `getBytes`).
    mutating func rewriteSecretGet(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits, bytes: Bool) {
        let ruleID = bytes ? "F-04" : "F-03"
        guard let call = site.call, let bound = call.bind(["scope", "key"]), let scopeArgument = bound["scope"],
            let keyArgument = bound["key"]
        else {
            unknownShape(ruleID, site)
            return
        }
        guard let scope = code.plainStringValue(scopeArgument.value), let key = code.plainStringValue(keyArgument.value)
        else {
            log.flag(
                ruleID, FlagCode.dbutilsOther,
                "\(site.name)(...) with a non-literal scope or key cannot be mapped to an AIDP credential")
            return
        }
        let credential: String
        let credentialKey: String
        var note: String
        if let target = environment.context.config.secretMap["\(scope)/\(key)"] {
            credential = DbutilsRules.credentialName(target.credential)
            credentialKey = DbutilsRules.credentialName(target.key)
            note =
                "secret \(scope)/\(key) → AIDP credential \(credential), key \(credentialKey) (secret map): the credential must exist in the Credential Store"
            if credential != target.credential || credentialKey != target.key {
                note += "; mapped names sanitised to [A-Za-z][A-Za-z0-9_]*"
            }
        } else {
            credential = DbutilsRules.credentialName(scope)
            credentialKey = DbutilsRules.credentialName(key)
            note =
                "secret \(scope)/\(key) is not in the secret map: guessed AIDP credential \(credential), key \(credentialKey); create it or add a secretMap entry"
        }
        var replacement = "aidputils.secrets.get(\"\(credential)\", \"\(credentialKey)\")"
        if bytes { replacement += ".encode(\"utf-8\")" }
        edits.add(TextEdit(site.range, replacement))
        log.review(ruleID, note)
    }

    /// F-08: `dbutils.data.summarize(df)` → `display(df.summary())`.
    mutating func rewriteSummarize(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call, let bound = call.bind(["df", "precise"]), let frame = bound["df"] else {
            unknownShape("F-08", site)
            return
        }
        let text = code.text(frame.value)
        let simple = text.utf8.allSatisfy { ByteText.isIdentifierByte($0) || $0 == ByteText.dot }
        edits.add(TextEdit(site.range, "display(\(simple ? text : "(" + text + ")").summary())"))
        log.review(
            "F-08",
            "dbutils.data.summarize → display(df.summary()): the output differs"
                + (bound["precise"] == nil ? "" : "; precise= dropped"))
    }
}
