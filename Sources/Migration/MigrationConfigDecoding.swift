import JSON

/// Reading `config` from JSON, with errors that name the key and say what was expected.
extension MigrationConfig {
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String

        public var description: String { "config.\(path): \(message)" }
    }

    public static let keys = [
        "workspaceRoot", "catalogMap", "pathMap", "clusterMap", "secretMap", "notebookRunTimeout", "dbfsVolumeCatalog",
        "dbfsVolumeSchema",
    ]

    public init(json: JSONValue) throws(DecodingError) {
        guard case .object(let members) = json else {
            throw DecodingError(path: "", message: "must be an object, got \(json.typeName)")
        }
        for key in members.keys.sorted() where !Self.keys.contains(key) {
            throw DecodingError(
                path: key, message: "unknown key; expected one of: \(Self.keys.joined(separator: ", "))")
        }
        self.init()
        if let root = members["workspaceRoot"] {
            guard let text = root.stringValue, text.hasPrefix("/"), !text.contains(" ") else {
                throw DecodingError(
                    path: "workspaceRoot",
                    message: "must be an absolute AIDP folder without spaces, like /Workspace/migrated")
            }
            workspaceRoot = text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        catalogMap = try Self.stringMap(members["catalogMap"], path: "catalogMap")
        pathMap = try Self.stringMap(members["pathMap"], path: "pathMap")
        for (key, value) in members["clusterMap"]?.objectValue ?? [:] {
            guard let clusterKey = value["clusterKey"]?.stringValue, let clusterName = value["clusterName"]?.stringValue
            else {
                throw DecodingError(
                    path: "clusterMap.\(key)",
                    message:
                        "must be {\"clusterKey\": ..., \"clusterName\": ...} (the real AIDP cluster name, not its id)")
            }
            clusterMap[key] = ClusterTarget(clusterKey: clusterKey, clusterName: clusterName)
        }
        try Self.requireObject(members["clusterMap"], path: "clusterMap")
        for (key, value) in members["secretMap"]?.objectValue ?? [:] {
            guard key.split(separator: "/").count == 2 else {
                throw DecodingError(
                    path: "secretMap.\(key)", message: "keys are \"scope/key\", like \"sales/api_token\"")
            }
            guard let credential = value["credential"]?.stringValue, let secretKey = value["key"]?.stringValue else {
                throw DecodingError(path: "secretMap.\(key)", message: "must be {\"credential\": ..., \"key\": ...}")
            }
            secretMap[key] = SecretTarget(credential: credential, key: secretKey)
        }
        try Self.requireObject(members["secretMap"], path: "secretMap")
        if let timeout = members["notebookRunTimeout"] {
            guard let seconds = timeout.intValue, seconds > 0, seconds <= 86_400 * 7 else {
                throw DecodingError(
                    path: "notebookRunTimeout", message: "must be a whole number of seconds between 1 and 604800")
            }
            notebookRunTimeout = Int(seconds)
        }
        if let catalog = members["dbfsVolumeCatalog"] {
            guard let text = catalog.stringValue, !text.isEmpty else {
                throw DecodingError(path: "dbfsVolumeCatalog", message: "must be a catalog name")
            }
            dbfsVolumeCatalog = text
        }
        if let schema = members["dbfsVolumeSchema"] {
            guard let text = schema.stringValue, !text.isEmpty else {
                throw DecodingError(path: "dbfsVolumeSchema", message: "must be a schema name")
            }
            dbfsVolumeSchema = text
        }
    }

    private static func requireObject(_ value: JSONValue?, path: String) throws(DecodingError) {
        if let value, value.objectValue == nil {
            throw DecodingError(path: path, message: "must be an object, got \(value.typeName)")
        }
    }

    private static func stringMap(_ value: JSONValue?, path: String) throws(DecodingError) -> [String: String] {
        try requireObject(value, path: path)
        var map: [String: String] = [:]
        for (key, member) in value?.objectValue ?? [:] {
            guard let text = member.stringValue else {
                throw DecodingError(path: "\(path).\(key)", message: "must be a string, got \(member.typeName)")
            }
            map[key] = text
        }
        return map
    }

    /// The settings that shape output, for the ledger's fingerprint: change any of them and every
    /// notebook is migrated again (when its output is untouched).
    public var fingerprintJSON: JSONValue {
        [
            "workspaceRoot": .string(workspaceRoot),
            "catalogMap": .object(catalogMap.mapValues { .string($0) }),
            "pathMap": .object(pathMap.mapValues { .string($0) }),
            "clusterMap": .object(
                clusterMap.mapValues(\.json)),
            "secretMap": .object(
                secretMap.mapValues { ["credential": .string($0.credential), "key": .string($0.key)] }),
            "notebookRunTimeout": .int(Int64(notebookRunTimeout)),
            "dbfsVolume": .string("\(dbfsVolumeCatalog).\(dbfsVolumeSchema)"),
        ]
    }
}
