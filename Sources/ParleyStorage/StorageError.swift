/// A storage failure with a code the server maps to the protocol; its description never carries SQL or secrets.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        enum Value { case conflict, notFound, unavailable, invalid }
        let value: Value
        /// A uniqueness rule was violated (a duplicate email).
        public static let conflict = Code(value: .conflict)
        /// The row does not exist.
        public static let notFound = Code(value: .notFound)
        /// The caller passed something malformed (a cursor it did not get from us).
        public static let invalid = Code(value: .invalid)
        /// The database could not be reached.
        public static let unavailable = Code(value: .unavailable)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
