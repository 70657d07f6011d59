/// Typed access to the fields of a JSON object, with errors that name the field.
public struct JSONFields: Sendable {
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) { self.values = values }

    /// A required string field.
    public func string(_ name: String) throws(ParleyError) -> String {
        guard let value = values[name], value != .null else { throw .badRequest("missing field '\(name)'") }
        guard case .string(let s) = value else { throw .badRequest("field '\(name)' must be a string, not \(value.typeName)") }
        return s
    }

    /// An optional string field (absent or null gives nil).
    public func optionalString(_ name: String) throws(ParleyError) -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard case .string(let s) = value else { throw .badRequest("field '\(name)' must be a string, not \(value.typeName)") }
        return s
    }

    /// An optional boolean field (absent or null gives nil).
    public func optionalBool(_ name: String) throws(ParleyError) -> Bool? {
        guard let value = values[name], value != .null else { return nil }
        guard case .bool(let b) = value else { throw .badRequest("field '\(name)' must be a boolean, not \(value.typeName)") }
        return b
    }

    /// An optional integer field; fractions and values outside `Int64` are refused.
    public func optionalInteger(_ name: String) throws(ParleyError) -> Int64? {
        guard let value = values[name], value != .null else { return nil }
        guard case .number(let d) = value, d.rounded() == d, abs(d) < 9.0e15 else {
            throw .badRequest("field '\(name)' must be an integer")
        }
        return Int64(d)
    }

    /// A required integer field.
    public func integer(_ name: String) throws(ParleyError) -> Int64 {
        guard let v = try optionalInteger(name) else { throw .badRequest("missing field '\(name)'") }
        return v
    }

    /// A required array of strings.
    public func strings(_ name: String) throws(ParleyError) -> [String] {
        guard let value = values[name], value != .null else { throw .badRequest("missing field '\(name)'") }
        guard case .array(let items) = value else { throw .badRequest("field '\(name)' must be an array of strings") }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { throw .badRequest("field '\(name)' must be an array of strings") }
            out.append(s)
        }
        return out
    }
}
