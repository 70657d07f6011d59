/// Typed access to the fields of a JSON object, with errors that name the field.
public struct JSONFields: Sendable {
    public let values: [String: JSONValue]
    /// Put before field names in errors: `price.` for the fields of a nested `price` object.
    let prefix: String

    public init(_ values: [String: JSONValue]) {
        self.values = values
        self.prefix = ""
    }

    init(_ values: [String: JSONValue], prefix: String) {
        self.values = values
        self.prefix = prefix
    }

    /// An optional nested object (absent or null gives nil); errors about its fields name them `name.field`.
    public func optionalObject(_ name: String) throws(ParleyError) -> JSONFields? {
        guard let value = values[name], value != .null else { return nil }
        guard case .object(let object) = value else { throw .badRequest("field '\(prefix)\(name)' must be an object") }
        return JSONFields(object, prefix: prefix + name + ".")
    }

    /// A required nested object.
    public func object(_ name: String) throws(ParleyError) -> JSONFields {
        guard let object = try optionalObject(name) else { throw .badRequest("missing field '\(prefix)\(name)'") }
        return object
    }

    /// Refuses fields other than `known` (for bodies where a misspelt field must not pass silently).
    public func refuseUnknown(_ known: Set<String>) throws(ParleyError) {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .badRequest("unknown field '\(prefix)\(unknown.prefix(64))'")
        }
    }

    /// A required string field.
    public func string(_ name: String) throws(ParleyError) -> String {
        guard let value = values[name], value != .null else { throw .badRequest("missing field '\(prefix)\(name)'") }
        guard case .string(let s) = value else { throw .badRequest("field '\(prefix)\(name)' must be a string, not \(value.typeName)") }
        return s
    }

    /// An optional string field (absent or null gives nil).
    public func optionalString(_ name: String) throws(ParleyError) -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard case .string(let s) = value else { throw .badRequest("field '\(prefix)\(name)' must be a string, not \(value.typeName)") }
        return s
    }

    /// An optional boolean field (absent or null gives nil).
    public func optionalBool(_ name: String) throws(ParleyError) -> Bool? {
        guard let value = values[name], value != .null else { return nil }
        guard case .bool(let b) = value else { throw .badRequest("field '\(prefix)\(name)' must be a boolean, not \(value.typeName)") }
        return b
    }

    /// An optional integer field; fractions and values outside `Int64` are refused.
    public func optionalInteger(_ name: String) throws(ParleyError) -> Int64? {
        guard let value = values[name], value != .null else { return nil }
        guard case .number(let d) = value, d.rounded() == d, abs(d) < 9.0e15 else {
            throw .badRequest("field '\(prefix)\(name)' must be an integer")
        }
        return Int64(d)
    }

    /// A required integer field.
    public func integer(_ name: String) throws(ParleyError) -> Int64 {
        guard let v = try optionalInteger(name) else { throw .badRequest("missing field '\(prefix)\(name)'") }
        return v
    }

    /// A required array of strings.
    public func strings(_ name: String) throws(ParleyError) -> [String] {
        guard let value = values[name], value != .null else { throw .badRequest("missing field '\(prefix)\(name)'") }
        guard case .array(let items) = value else { throw .badRequest("field '\(prefix)\(name)' must be an array of strings") }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { throw .badRequest("field '\(prefix)\(name)' must be an array of strings") }
            out.append(s)
        }
        return out
    }
}
