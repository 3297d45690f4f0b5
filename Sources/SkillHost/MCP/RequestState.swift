import Durable
import Foundation
import JSON

/// The `requestState` of a 2026-07-28 `input_required` result: the plan digest a person is being
/// asked about, bound to the tool and its arguments, with an expiry, sealed with HMAC-SHA256.
///
/// The client echoes it back and it is attacker-controlled in between; without the seal a model
/// could forge "the user said yes to digest D".
struct RequestStateSeal: Sendable {
    let key: [UInt8]
    var lifetime: TimeInterval = 15 * 60

    struct Untrusted: Error {
        var reason: String
    }

    struct Contents: Sendable, Equatable {
        var tool: String
        var digest: String
        var argumentsDigest: String
        var expires: Int64
    }

    func seal(tool: String, digest: String, arguments: JSONValue, now: Date = Date()) -> String {
        let payload: JSONValue = [
            "v": 1, "tool": .string(tool), "digest": .string(digest),
            "args": .string(Self.argumentsDigest(arguments)),
            "exp": .int(Int64(now.timeIntervalSince1970 + lifetime)),
        ]
        let body = Self.base64URL(JSONCoding.encode(payload))
        return body + "." + HMACSHA256.code(for: Data(body.utf8), key: key).hex
    }

    /// The sealed contents, or why the state cannot be trusted.
    func open(_ state: String, tool: String, arguments: JSONValue, now: Date = Date()) -> Result<Contents, Untrusted> {
        let parts = state.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(Untrusted(reason: "requestState is malformed")) }
        let body = String(parts[0])
        let expected = HMACSHA256.code(for: Data(body.utf8), key: key).hex
        guard constantTimeEquals(Array(expected.utf8), Array(parts[1].utf8)) else {
            return .failure(
                Untrusted(reason: "requestState failed verification; it was not issued by this server or was altered"))
        }
        guard let data = Self.decodeBase64URL(body), let payload = try? JSONCoding.decode(data),
            let sealedTool = payload["tool"]?.stringValue, let digest = payload["digest"]?.stringValue,
            let args = payload["args"]?.stringValue, let expires = payload["exp"]?.intValue
        else { return .failure(Untrusted(reason: "requestState is malformed")) }
        guard sealedTool == tool, args == Self.argumentsDigest(arguments) else {
            return .failure(Untrusted(reason: "requestState belongs to a different call"))
        }
        guard Int64(now.timeIntervalSince1970) <= expires else {
            return .failure(Untrusted(reason: "requestState has expired; call the tool again"))
        }
        return .success(Contents(tool: sealedTool, digest: digest, argumentsDigest: args, expires: expires))
    }

    /// The host's own arguments change from the first call to the retry, so they are left out.
    static func argumentsDigest(_ arguments: JSONValue) -> String {
        SHA256.hash(JSONCoding.encode(arguments.setting("confirm", to: nil).setting("dryRun", to: nil))).hex
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
