import JSON

/// One change a plan would make. Guards decide from the kind alone, so a kind must say exactly
/// what is at risk: `overwriteEdited` is a file a person changed by hand since skillhost wrote it.
public struct Effect: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case write
        case overwrite
        /// Overwrites content a person edited by hand since skillhost last wrote it.
        case overwriteEdited = "overwrite-edited"
        /// Overwrites output the ledger records as done, because the caller forced a re-run.
        case overwriteForced = "overwrite-forced"
        case delete
        /// Deletes a file a person edited by hand.
        case deleteEdited = "delete-edited"
        case remoteCreate = "remote-create"
        case remoteUpdate = "remote-update"
        case remoteDelete = "remote-delete"
        case remoteRun = "remote-run"
        case remoteCancel = "remote-cancel"
    }

    public var kind: Kind
    /// A path or a remote object name, as the user would recognise it.
    public var target: String
    public var detail: String?
    /// What the target holds now (a content hash, an etag). It is part of the plan digest, so a
    /// confirmation given for one version of a file does not cover a later edit of it.
    public var fingerprint: String?

    public init(_ kind: Kind, _ target: String, detail: String? = nil, fingerprint: String? = nil) {
        self.kind = kind
        self.target = target
        self.detail = detail
        self.fingerprint = fingerprint
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["kind": .string(kind.rawValue), "target": .string(target)]
        if let detail { object["detail"] = .string(detail) }
        if let fingerprint { object["fingerprint"] = .string(fingerprint) }
        return .object(object)
    }
}
