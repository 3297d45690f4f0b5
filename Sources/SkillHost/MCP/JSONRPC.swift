import JSON

/// JSON-RPC 2.0 as MCP uses it: message shapes and the error codes skillhost answers with.
enum JSONRPC {
    enum Code {
        static let parseError: Int64 = -32700
        static let invalidRequest: Int64 = -32600
        static let methodNotFound: Int64 = -32601
        static let invalidParams: Int64 = -32602
        static let internalError: Int64 = -32603
        /// Up to 2025-11-25; the 2026-07-28 era uses `invalidParams` instead.
        static let resourceNotFound: Int64 = -32002
        static let unsupportedProtocolVersion: Int64 = -32022
    }

    struct Failure: Error {
        var code: Int64
        var message: String
        var data: JSONValue?

        init(_ code: Int64, _ message: String, data: JSONValue? = nil) {
            self.code = code
            self.message = message
            self.data = data
        }
    }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(id: JSONValue, _ failure: Failure) -> JSONValue {
        var error: [String: JSONValue] = ["code": .int(failure.code), "message": .string(failure.message)]
        if let data = failure.data { error["data"] = data }
        return ["jsonrpc": "2.0", "id": id, "error": .object(error)]
    }

    static func notification(_ method: String, params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }

    static func request(id: JSONValue, method: String, params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "method": .string(method), "params": params]
    }

    /// What an incoming line turned out to be.
    enum Message {
        case request(id: JSONValue, method: String, params: JSONValue)
        case notification(method: String, params: JSONValue)
        case response(id: JSONValue, body: JSONValue)
        case invalid(id: JSONValue, reason: String)

        init(_ value: JSONValue) {
            guard case .object(let members) = value else {
                self = .invalid(id: .null, reason: "a JSON-RPC message must be an object")
                return
            }
            let id = members["id"] ?? .null
            let validID: Bool
            switch id {
            case .string, .int: validID = true
            default: validID = false
            }
            guard members["jsonrpc"] == "2.0" else {
                self = .invalid(id: validID ? id : .null, reason: "\"jsonrpc\" must be \"2.0\"")
                return
            }
            let params = members["params"] ?? .object([:])
            if let method = members["method"] {
                guard case .string(let name) = method else {
                    self = .invalid(id: validID ? id : .null, reason: "\"method\" must be a string")
                    return
                }
                guard case .object = params else {
                    self = .invalid(id: validID ? id : .null, reason: "\"params\" must be an object")
                    return
                }
                if members["id"] == nil {
                    self = .notification(method: name, params: params)
                } else if validID {
                    self = .request(id: id, method: name, params: params)
                } else {
                    self = .invalid(id: .null, reason: "\"id\" must be a string or an integer")
                }
            } else if validID, members["result"] != nil || members["error"] != nil {
                self = .response(id: id, body: value)
            } else {
                self = .invalid(id: validID ? id : .null, reason: "neither a request, a notification nor a response")
            }
        }
    }
}
