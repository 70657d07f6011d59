/// A conformance check that did not hold; thrown so the calling test fails with the check's words.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected, and what happened.
    public var description: String

    /// Throws a ``ConformanceFailure`` unless `condition` holds.
    ///
    /// - Parameters:
    ///   - condition: What must hold.
    ///   - message: What was expected, and what happened.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(description: message()) }
    }
}
