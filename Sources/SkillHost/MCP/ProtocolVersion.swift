/// The MCP revisions skillhost speaks, and how it picks one.
enum ProtocolVersion {
    /// Handshake-era revisions, newest first.
    static let legacy = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    /// Stateless-era revisions.
    static let modern = ["2026-07-28"]
    static let all = modern + legacy

    /// Echo a version we speak; otherwise offer our newest handshake one. Never an error, and
    /// never a modern version, which handshake clients reject.
    static func negotiate(_ requested: String?) -> String {
        if let requested, legacy.contains(requested) { return requested }
        return legacy[0]
    }

    static let metaVersionKey = "io.modelcontextprotocol/protocolVersion"
    static let metaCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let metaServerInfoKey = "io.modelcontextprotocol/serverInfo"
}
