import JSON

/// The `config` of a migration: every key optional (issue #3, migration.md §13).
public struct MigrationConfig: Sendable, Hashable {
    public struct ClusterTarget: Sendable, Hashable {
        public var clusterKey: String
        public var clusterName: String

        public init(clusterKey: String, clusterName: String) {
            self.clusterKey = clusterKey
            self.clusterName = clusterName
        }

        /// `{"clusterKey", "clusterName"}`: the config's form and the AIDP spec's alike.
        public var json: JSONValue {
            ["clusterKey": .string(clusterKey), "clusterName": .string(clusterName)]
        }
    }

    public struct SecretTarget: Sendable, Hashable {
        public var credential: String
        public var key: String

        public init(credential: String, key: String) {
            self.credential = credential
            self.key = key
        }
    }

    /// The AIDP folder migrated notebooks live under (default `/Workspace/migrated`).
    public var workspaceRoot: String
    /// Source catalog → AIDP catalog (`main` → `default`).
    public var catalogMap: [String: String]
    /// Path prefix → replacement; the longest matching prefix wins (`/mnt/raw` → `oci://…`).
    public var pathMap: [String: String]
    /// Databricks `job_cluster_key` or `existing_cluster_id` → AIDP cluster.
    public var clusterMap: [String: ClusterTarget]
    /// `"scope/key"` → AIDP credential and key.
    public var secretMap: [String: SecretTarget]
    /// Replaces a `notebook.run` timeout of 0 (AIDP rejects 0).
    public var notebookRunTimeout: Int
    /// The default for `/dbfs/X`, `dbfs:/X`, `/FileStore/X` when no path-map entry matches:
    /// `/Volumes/<catalog>/<schema>/dbfs/X`.
    public var dbfsVolumeCatalog: String
    public var dbfsVolumeSchema: String

    public init(
        workspaceRoot: String = "/Workspace/migrated", catalogMap: [String: String] = [:],
        pathMap: [String: String] = [:],
        clusterMap: [String: ClusterTarget] = [:], secretMap: [String: SecretTarget] = [:],
        notebookRunTimeout: Int = 3600,
        dbfsVolumeCatalog: String = "default", dbfsVolumeSchema: String = "default"
    ) {
        self.workspaceRoot = workspaceRoot
        self.catalogMap = catalogMap
        self.pathMap = pathMap
        self.clusterMap = clusterMap
        self.secretMap = secretMap
        self.notebookRunTimeout = notebookRunTimeout
        self.dbfsVolumeCatalog = dbfsVolumeCatalog
        self.dbfsVolumeSchema = dbfsVolumeSchema
    }
}
