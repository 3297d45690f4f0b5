import JSON

/// The top-level checks of a tool's input schema, so every handler rejects a missing field, a
/// wrong type or a misspelt argument with the same clear message, before it plans anything.
///
/// Only what tool schemas here use: `type`, `required`, `properties`, `enum`,
/// `additionalProperties: false`, and one level of nested objects.
enum SchemaCheck {
    static func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "") -> [String] {
        var problems: [String] = []
        let name = path.isEmpty ? "arguments" : "'\(path)'"
        if let type = schema["type"]?.stringValue, !matches(value, type: type) {
            return ["\(name) must be \(article(type)) \(type), got \(value.typeName)"]
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            let shown = options.prefix(12).map { JSONCoding.encodeString($0) }.joined(separator: ", ")
            problems.append("\(name) must be one of \(shown)")
        }
        guard case .object(let members) = value else { return problems }
        let properties = schema["properties"]?.objectValue ?? [:]
        for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[required] == nil {
            problems.append("missing required argument '\(qualified(path, required))'")
        }
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[key] {
                problems += Self.problems(member, against: propertySchema, at: qualified(path, key))
            } else if schema["additionalProperties"]?.boolValue == false {
                let known = properties.keys.sorted().joined(separator: ", ")
                problems.append("unknown argument '\(qualified(path, key))'; expected one of: \(known)")
            }
        }
        return problems
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null):
            return true
        case ("number", .int), ("number", .double): return true
        case ("integer", _): return value.intValue != nil
        default: return false
        }
    }

    private static func qualified(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    private static func article(_ type: String) -> String {
        "aeiou".contains(type.first ?? "x") ? "an" : "a"
    }
}
