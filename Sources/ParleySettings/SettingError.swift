/// A setting whose value cannot work, with a message naming the setting by its flag (or variable).
public struct SettingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) { self.message = message }

    /// Throws a ``SettingError`` with `message` unless `condition` holds.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(SettingError) {
        if !condition { throw SettingError(message()) }
    }
}
