extension JSONValue {
    /// The deepest nesting of arrays and objects a client document may have.
    public static let maxDepth = 32

    /// Parses a client's JSON document strictly (RFC 8259), with nesting bounded by `maxDepth`.
    /// - Throws: ``JSONSyntaxError`` saying what is wrong and where.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.maxDepth) throws(JSONSyntaxError) {
        let parsed: Result<JSONValue, JSONSyntaxError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer, maxDepth: maxDepth) }
            }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer, maxDepth: maxDepth) }
            }
        self = try parsed.get()
    }
}
