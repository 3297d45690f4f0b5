/// X-01..X-06 and K-02: Databricks-only platform features.
enum PlatformRules {
    /// `databricks.<package>` modules with no AIDP counterpart.
    static let databricksPackages: Set<String> = ["feature_store", "feature_engineering", "automl", "sdk", "connect"]

    /// K-02 in Python: Delta maintenance and time travel through the DeltaTable API.
    static let deltaMaintenanceMethods = [
        ".optimize(", ".vacuum(", ".executeZOrderBy(", ".executeCompaction(", ".restoreToVersion(",
        ".restoreToTimestamp(",
    ]

    /// Databricks-only SQL functions (lower case; matched case-insensitively before `(`).
    static let databricksSQLFunctions: Set<String> = [
        "read_files", "cloud_files", "ai_query", "ai_analyze_sentiment", "ai_classify", "ai_extract", "ai_fix_grammar",
        "ai_forecast", "ai_gen", "ai_mask", "ai_similarity", "ai_summarize", "ai_translate", "ai_parse_document",
        "vector_search", "read_kafka", "read_kinesis", "read_pubsub", "read_pulsar", "read_statestore",
        "read_state_metadata", "http_request", "secret", "is_account_group_member", "is_member", "current_metastore",
        "event_log",
    ]
}
