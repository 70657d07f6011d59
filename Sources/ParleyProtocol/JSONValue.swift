/// Any JSON value, used to read client frames field by field so errors can name the field at fault.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// Writes the value back as it was read; whole numbers without a fraction.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d):
            if d.rounded() == d, abs(d) < 9_007_199_254_740_992 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

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
